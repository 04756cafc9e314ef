// RoleBindings and ClusterRoleBindings, as printers.go prints them. Roles and ClusterRoles have no
// printer of their own: the real server answers them with the default NAME / CREATED AT table.
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter, wideColumn } from './columns.js';

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

/** USERS, GROUPS and SERVICEACCOUNTS cells; service accounts as `namespace/name`. */
function subjectCells(binding: Binding): [string, string, string] {
  const subjects = binding.subjects ?? [];
  const named = (kind: string) => subjects.filter((subject) => subject.kind === kind);
  return [
    named('User')
      .map((subject) => subject.name)
      .join(', '),
    named('Group')
      .map((subject) => subject.name)
      .join(', '),
    named('ServiceAccount')
      .map((subject) => `${subject.namespace ?? ''}/${subject.name}`)
      .join(', '),
  ];
}

function bindingPrinter(bindingKind: string, roleRefDescription: string): TablePrinter {
  return {
    columns: [
      nameColumn,
      column('Role', 'string', roleRefDescription),
      ageColumn,
      wideColumn('Users', 'string', `Users in the ${bindingKind}`),
      wideColumn('Groups', 'string', `Groups in the ${bindingKind}`),
      wideColumn('ServiceAccounts', 'string', `ServiceAccounts in the ${bindingKind}`),
    ],
    cells(object, now) {
      const binding = object as Binding;
      const [name, age] = nameAndAge(binding, now);
      const roleRef = `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`;
      return [name, roleRef, age, ...subjectCells(binding)];
    },
  };
}

export const roleBindingPrinter = bindingPrinter(
  'roleBinding',
  'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
);

export const clusterRoleBindingPrinter = bindingPrinter(
  'clusterRoleBinding',
  'RoleRef can only reference a ClusterRole in the global namespace.',
);
