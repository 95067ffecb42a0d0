import type { Schemas } from '../api/client';

type User = Schemas['User'];

export const ROLES = ['admin', 'editor', 'contributor', 'viewer'] as const;
export const CLEARANCES = ['public', 'internal', 'confidential', 'secret'] as const;

export const isAdmin = (user: User | null) => user?.role === 'admin';

/** Who may merge and dismiss duplicates: the roles that may change records of others. */
export const canReviewDuplicates = (user: User | null) =>
  user?.role === 'admin' || user?.role === 'editor';
