import { ecsErrors } from '../errors.js';
import { paginateInput } from '../paginate.js';
import { renderTaskDefinition } from '../render.js';
import { readTaskDefinition } from '../task-definition-input.js';
import { includesTags, readTags, type Operation, type OperationDeps } from './operation.js';

/** RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions. */
export function taskDefinitionOperations({ world }: OperationDeps): Record<string, Operation> {
  return {
    RegisterTaskDefinition: (input) => {
      const spec = readTaskDefinition(input);
      const tags = readTags(input);
      const revision =
        1 + Math.max(0, ...world.state.taskDefinitions.filter((t) => t.family === spec.family).map((t) => t.revision));
      const definition = {
        ...spec,
        arn: world.arns.taskDefinition(spec.family, revision),
        revision,
        status: 'ACTIVE' as const,
        registeredAt: world.now(),
      };
      world.state.taskDefinitions.push(definition);
      if (tags.length > 0) world.state.tags[definition.arn] = tags;
      world.changed();
      return { taskDefinition: renderTaskDefinition(world, definition), tags };
    },

    DescribeTaskDefinition: (input) => {
      const definition = world.findTaskDefinition(input.string('taskDefinition', 'TaskDefinition can not be blank.'));
      if (!definition) throw ecsErrors.client('Unable to describe task definition.');
      const tags = includesTags(input) ? (world.state.tags[definition.arn] ?? []) : undefined;
      return { taskDefinition: renderTaskDefinition(world, definition), ...(tags ? { tags } : {}) };
    },

    DeregisterTaskDefinition: (input) => {
      const ref = input.string('taskDefinition', 'TaskDefinition can not be blank.');
      if (!ref.includes(':')) throw ecsErrors.client('Revision must be specified.');
      const definition = world.findTaskDefinition(ref);
      if (!definition) throw ecsErrors.client('The specified task definition does not exist.');
      if (definition.status === 'ACTIVE') {
        definition.status = 'INACTIVE';
        definition.deregisteredAt = world.now();
        world.changed();
      }
      return { taskDefinition: renderTaskDefinition(world, definition) };
    },

    ListTaskDefinitions: (input) => {
      const family = input.optionalString('familyPrefix');
      const status = input.optionalString('status') ?? 'ACTIVE';
      const sort = input.optionalString('sort') ?? 'ASC';
      if (sort !== 'ASC' && sort !== 'DESC') throw ecsErrors.invalidParameter('sort must be ASC or DESC.');
      const matching = world.state.taskDefinitions
        .filter((t) => t.status === status && (family === undefined || t.family === family))
        .sort((a, b) => (a.family === b.family ? a.revision - b.revision : a.family < b.family ? -1 : 1));
      if (sort === 'DESC') matching.reverse();
      const { page, nextToken } = paginateInput(
        matching.map((t) => t.arn),
        input,
      );
      return { taskDefinitionArns: page, nextToken };
    },
  };
}
