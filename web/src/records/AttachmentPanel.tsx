import { type FormEvent, useId, useRef, useState } from 'react';
import { type Attachment, records } from './api';
import { problemMessage } from './problem-fields';
import { useText } from './text/use-text';

/** Bytes as people read them, in the reader's language: 1.2 MB, 340 kB. */
function size(bytes: number, language: string) {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    // "51 bytes", but "1.2 MB"
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/**
 * A source's archived files: upload one (multipart, the server hashes it) and see the SHA-256
 * it is stored under, so the copy cited in a filing can be proven to be the one recorded.
 */
export function AttachmentPanel({
  sourceId,
  initial,
}: {
  sourceId: string;
  initial: Attachment[];
}) {
  const { t, language, dateTime } = useText();
  const id = useId().replace(/:/g, '');
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function upload(event: FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) {
      setMessage({ ok: false, text: t('attachment.chooseFile') });
      input.current?.focus();
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const stored = await records.upload(sourceId, file);
      setFiles((old) => [...old.filter((f) => f.sha256 !== stored.sha256), stored]);
      setMessage({
        ok: true,
        text: t('attachment.uploaded', { filename: stored.filename, sha256: stored.sha256 }),
      });
      if (input.current) input.current.value = '';
    } catch (error) {
      setMessage({ ok: false, text: problemMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card attachments">
      <h2>{t('attachment.title')}</h2>
      {files.length === 0 ? (
        <p>{t('attachment.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('attachment.name')}</th>
                <th scope="col">{t('attachment.size')}</th>
                <th scope="col">{t('attachment.mediaType')}</th>
                <th scope="col">{t('attachment.sha256')}</th>
                <th scope="col">{t('attachment.uploadedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((file) => (
                <tr key={file.sha256}>
                  <th scope="row">
                    <a
                      href={`/api/v1/sources/${sourceId}/attachments/${file.sha256}`}
                      download={file.filename}
                      aria-label={t('attachment.download', { filename: file.filename })}
                    >
                      {file.filename}
                    </a>
                  </th>
                  <td>{size(file.size, language)}</td>
                  <td>{file.mediaType}</td>
                  <td>
                    <code className="hash">{file.sha256}</code>
                  </td>
                  <td>{dateTime(file.uploadedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={upload} className="upload">
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('attachment.file')}</label>
          <p id={`${id}-hint`} className="hint">
            {t('attachment.hint')}
          </p>
          <input id={`${id}-file`} ref={input} type="file" aria-describedby={`${id}-hint`} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('attachment.uploading') : t('attachment.upload')}
        </button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved' : 'error'}>
            {message.text}
          </p>
        )}
      </form>
    </section>
  );
}
