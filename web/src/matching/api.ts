import { api, type Schemas, unwrap } from '../api/client';

/** The person-matching API (src/modules/matching) as the review queue uses it. */
export type CandidatePerson = Schemas['CandidatePerson'];
export type Candidate = Schemas['MatchCandidate'];
export type CandidateStatus = Candidate['status'];
export type Merge = Schemas['PersonMerge'];

export async function listCandidates(query: {
  status: CandidateStatus;
  minScore?: number;
  limit?: number;
  cursor?: string;
}) {
  return unwrap(await api.GET('/api/v1/matching/candidates', { params: { query } }));
}

export async function dismissCandidate(id: string, reason: string) {
  return unwrap(
    await api.POST('/api/v1/matching/candidates/{id}/dismiss', {
      params: { path: { id } },
      body: { reason },
    }),
  );
}

export async function reopenCandidate(id: string) {
  return unwrap(
    await api.POST('/api/v1/matching/candidates/{id}/reopen', { params: { path: { id } } }),
  );
}

export async function mergePeople(keepId: string, mergeId: string, reason: string) {
  return unwrap(
    await api.POST('/api/v1/merges', {
      body: { keepId, mergeId, ...(reason ? { reason } : {}) },
    }),
  );
}

export async function undoMerge(id: string) {
  return unwrap(await api.POST('/api/v1/merges/{id}/undo', { params: { path: { id } } }));
}
