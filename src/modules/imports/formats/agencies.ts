import type { ImportItem } from '../item.js';

/** ICE, the custodian named by ICE's own records and death lists, made once per import. */
export const ICE_EXTERNAL_ID = 'us-agency:ice';

export const iceItem = (file: string): ImportItem => ({
  type: 'organization',
  origin: { row: 1, file },
  externalId: ICE_EXTERNAL_ID,
  body: {
    name: 'U.S. Immigration and Customs Enforcement',
    acronym: 'ICE',
    kind: 'agency',
    country: 'US',
  },
});

export const iceRef = { type: 'organization', externalId: ICE_EXTERNAL_ID } as const;
