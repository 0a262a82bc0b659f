import type { Resolvers } from '../generated/graphql.ts';
import { Interaction } from './Interaction.ts';
import { Item } from './Item.ts';
import { coldStartQueries, coldStartTypes } from './cold-start.ts';
import { itemReachQueries, itemReachTypes } from './item-reach.ts';
import { itemFeatureFields } from './item-features.ts';
import { Job, jobQueries } from './jobs.ts';
import { RetrainSchedule, scheduleQueries } from './schedules.ts';
import { Mutation } from './Mutation.ts';
import { Query } from './Query.ts';
import { ModelTrial, trialQueries } from './model-trials.ts';
import { outcomeQueries } from './recommendation-outcomes.ts';
import { servingQueries, servingTypes } from './serving.ts';
import { UploadScalar } from '../uploads/upload.ts';
import { DateTime, JSONScalar } from './scalars.ts';
import { User } from './User.ts';
import { servedListTypes, userServedListFields } from './user-served-lists.ts';

export const resolvers: Resolvers = { Query: { ...Query, ...servingQueries, ...jobQueries, ...scheduleQueries, ...outcomeQueries, ...trialQueries, ...itemReachQueries, ...coldStartQueries }, Mutation, Job, ModelTrial, RetrainSchedule, Item: { ...Item, ...itemFeatureFields }, User: { ...User, ...userServedListFields }, Interaction, ...servingTypes, ...itemReachTypes, ...coldStartTypes, ...servedListTypes, DateTime, JSON: JSONScalar, Upload: UploadScalar };
