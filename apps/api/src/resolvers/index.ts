import { Interaction } from './Interaction.ts';
import { Item } from './Item.ts';
import { Query } from './Query.ts';
import { DateTime, JSONScalar } from './scalars.ts';
import { User } from './User.ts';

export const resolvers = { Query, Item, User, Interaction, DateTime, JSON: JSONScalar };
