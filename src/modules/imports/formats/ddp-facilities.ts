import { basename } from 'node:path';
import { countryCode } from './countries.js';
import { present, readCsvRows } from './csv-rows.js';
import { compact, sourceItem } from './dataset-source.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';

/**
 * DDP's crosswalk of ICE detention-facility codes to geocoded places
 * (`facility-locations-oct2025.txt`, CC0): tab-separated, quoted addresses, and a free-text
 * `uncertainty` column that is kept in the notes, because it is the geocoder's own doubt.
 */
export const facilityExternalId = (code: string) => `ddp-facility:${code.trim().toUpperCase()}`;
export const FACILITIES_SOURCE_ID = 'ddp:facility-locations';

const HOSPITAL = /HOSPITAL|MEDICAL|MED CTR|CLINIC|HEALTH/i;
const PRISON = /\bBOP|CORRECTION|PRISON|PENITENTIARY|\bC\.F\.|FMC\b/i;

/** A place kind from the facility name ICE gives, the only hint the data carries. */
export function facilityKind(name: string): string {
  if (HOSPITAL.test(name)) return 'other';
  if (PRISON.test(name)) return 'prison';
  return 'detention_facility';
}

export interface FacilityPlace {
  code: string;
  body: Record<string, unknown>;
  line: number;
}

export async function readFacilities(path: string): Promise<Map<string, FacilityPlace>> {
  const places = new Map<string, FacilityPlace>();
  for await (const { line, cells } of readCsvRows(path, { delimiter: '\t' })) {
    const code = present(cells.detention_facility_code);
    const name = present(cells.detention_facility_name);
    if (!code || !name) continue;
    const lat = Number.parseFloat(cells.latitude ?? '');
    const lon = Number.parseFloat(cells.longitude ?? '');
    places.set(code.toUpperCase(), {
      code: code.toUpperCase(),
      line,
      body: compact({
        name,
        kind: facilityKind(name),
        country: (countryCode('United States') as { code: string }).code,
        region: present(cells.state),
        locality: present(cells.city),
        address: present(cells.address),
        coordinates: Number.isFinite(lat) && Number.isFinite(lon) ? { lat, lon } : undefined,
        codes: [{ scheme: 'ice_detloc', value: code.toUpperCase() }],
        notes: present(cells.uncertainty)
          ? `Geocoding uncertainty (DDP): ${present(cells.uncertainty)}`
          : undefined,
      }),
    });
  }
  return places;
}

async function* readFacilityList(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  const places = await readFacilities(path);
  if (places.size === 0) {
    throw new Error(`${file} holds no facility rows (needs detention_facility_code and _name)`);
  }
  yield sourceItem(
    {
      externalId: FACILITIES_SOURCE_ID,
      kind: 'dataset',
      title: 'ICE detention facility locations (Deportation Data Project)',
      publisher: 'Deportation Data Project',
      url: 'https://github.com/deportationdata/ice',
      accessedAt: options.accessedAt,
      notes: 'CC0 1.0. Facility codes geocoded by DDP; see each place for its uncertainty.',
    },
    file,
  );
  for (const place of places.values()) {
    yield {
      type: 'place',
      origin: { row: place.line, file },
      externalId: facilityExternalId(place.code),
      body: place.body,
      citeSources: [{ externalId: FACILITIES_SOURCE_ID, locator: `row ${place.line}` }],
    };
  }
}

export const ddpFacilitiesReader: FormatReader = {
  name: 'ddp-facilities',
  description: 'DDP crosswalk of ICE facility codes to geocoded places (TSV)',
  read: readFacilityList,
};
