import { GraphQLScalarType } from 'graphql';
import { badInput } from '../errors.ts';

/**
 * A file sent with a GraphQL multipart request (multipart.ts), buffered in memory up to the size limit. The name
 * and declared type are the client's words and are never trusted: the bytes are checked by content.
 */
export class Upload {
  constructor(
    /** The multipart field it came in (`0`, `image`, …). */
    readonly field: string,
    readonly filename: string,
    /** The Content-Type the client declared for the part: informational only. */
    readonly declaredType: string,
    readonly bytes: Buffer,
    /** More bytes were sent than `maxBytes`: the rest was discarded and the upload must be refused. */
    readonly truncated: boolean,
    readonly maxBytes: number,
  ) {}
}

const HOW = 'send the file in a multipart request (GraphQL multipart request spec: fields operations, map, then the file) with null in its variable';

/** `scalar Upload`: only a file from a multipart request; an inline value (a string, a literal) is refused. */
export const UploadScalar = new GraphQLScalarType<Upload, never>({
  name: 'Upload',
  description: 'A file sent in a GraphQL multipart request.',
  serialize: () => {
    throw new TypeError('Upload is an input-only scalar');
  },
  parseValue: (value) => {
    if (!(value instanceof Upload)) throw badInput(`an Upload must be a file: ${HOW}`);
    if (value.truncated) throw badInput(`the uploaded file "${value.filename}" is larger than the ${+(value.maxBytes / 1024 / 1024).toFixed(1)} MB limit`);
    return value;
  },
  parseLiteral: () => {
    throw badInput(`an Upload cannot be written in the query: ${HOW}`);
  },
});
