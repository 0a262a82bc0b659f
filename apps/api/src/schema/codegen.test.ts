import { readFileSync } from 'node:fs';
import { $Enums } from '@fewshot/db';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import codegenConfig, { DATABASE_ENUMS } from '../../codegen.ts';
import { loadTypeDefs } from './index.ts';

describe('generated resolver types (apps/api/codegen.ts)', () => {
  it('src/generated/graphql.ts is what the schema generates now (else: npm run codegen -w @fewshot/api)', async () => {
    const outputs = (await generate({ ...codegenConfig, silent: true }, false)) as Array<{ filename: string; content: string }>;
    expect(outputs.length).toBe(1);
    for (const { filename, content } of outputs) expect(readFileSync(filename, 'utf8'), `${filename} is stale: npm run codegen -w @fewshot/api`).toBe(content);
  });

  it("maps every GraphQL enum that the database also has to the database's, with the same values", () => {
    const schema = buildSchema(loadTypeDefs().join('\n'));
    const enums = Object.values(schema.getTypeMap()).filter((type): type is GraphQLEnumType => type instanceof GraphQLEnumType && !type.name.startsWith('__'));
    const prismaEnums = new Map<string, Record<string, string>>(Object.entries($Enums));
    const shared = enums.filter((type) => prismaEnums.has(type.name));
    expect(shared.map((type) => type.name).sort()).toEqual([...DATABASE_ENUMS].sort());
    for (const type of shared) {
      expect(type.getValues().map((value) => value.value).sort(), `GraphQL enum ${type.name} against schema.prisma`).toEqual(Object.values(prismaEnums.get(type.name) ?? {}).sort());
    }
  });
});
