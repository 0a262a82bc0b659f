/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an API key may do. ADMIN may do everything. */
export type ApiKeyRole =
  /** Everything, API keys included. */
  | 'ADMIN'
  /** Recommendations, interactions and read queries: what a shop's frontend calls. */
  | 'FRONTEND'
  /** Reading and writing items. */
  | 'MERCHANDISER';

/** Where a model version is in its life. */
export type ModelVersionStatus =
  /** The one version every replica serves. */
  | 'ACTIVE'
  /** Training failed or was cancelled. */
  | 'FAILED'
  /** Trained and evaluated; can be promoted. */
  | 'READY'
  /** Served before; can be rolled back to. */
  | 'RETIRED'
  /** Being trained; invisible to serving. */
  | 'TRAINING';

export type OverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type OverviewQuery = { health: { seeding: boolean, catalog: { users: number, items: number, interactions: number } }, serving: { provider: string | null, catalogItems: number, error: string | null, modelVersion: { id: string, name: string, status: ModelVersionStatus, promotedAt: string | null } | null } };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, name: string, role: ApiKeyRole, revokedAt: string | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const OverviewDocument = new TypedDocumentString(`
    query Overview {
  health {
    seeding
    catalog {
      users
      items
      interactions
    }
  }
  serving {
    provider
    catalogItems
    error
    modelVersion {
      id
      name
      status
      promotedAt
    }
  }
}
    `) as unknown as TypedDocumentString<OverviewQuery, OverviewQueryVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    id
    name
    role
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;