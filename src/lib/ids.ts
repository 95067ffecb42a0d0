import { v7 as uuidv7, validate, version } from 'uuid';

/** Time-ordered ids (UUIDv7): they sort by creation, which keyset pagination relies on. */
export function newId(): string {
  return uuidv7();
}

export function isRecordId(value: string): boolean {
  return validate(value) && version(value) === 7;
}
