import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import type { StoredPhoto } from '../../shared/consultation.js';
import { ConsultationError } from './errors.js';

/** The largest photo accepted, before re-encoding. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const LONGEST_SIDE = 2560;
const THUMBNAIL_WIDTH = 480;

/** JPEG or PNG by the file's first bytes, whatever its name or declared type says. */
export function photoFormat(bytes: Buffer): 'jpeg' | 'png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((byte, i) => bytes[i] === byte)) return 'png';
  return null;
}

/**
 * Photos on disk under `<DATA_DIR>/consultations/<id>/photos/`. Every upload
 * is decoded and encoded again as JPEG: what is stored holds pixels only, no
 * EXIF, GPS position, XMP or ICC comments of the original.
 */
export class PhotoStorage {
  constructor(private readonly root: string) {}

  private folder(consultationId: string): string {
    return join(this.root, 'consultations', consultationId, 'photos');
  }

  async save(consultationId: string, submissionId: string, upload: Buffer): Promise<StoredPhoto> {
    if (upload.length > MAX_PHOTO_BYTES)
      throw new ConsultationError('invalid', 'a photo may have at most 10 MB', [
        { path: 'photo', code: 'invalid', message: 'a photo may have at most 10 MB' },
      ]);
    if (!photoFormat(upload))
      throw new ConsultationError('invalid', 'the photo must be a JPEG or PNG image', [
        { path: 'photo', code: 'invalid', message: 'the photo must be a JPEG or PNG image' },
      ]);
    let full: { data: Buffer; info: OutputInfo };
    let thumbnail: Buffer;
    try {
      // rotate() applies the EXIF orientation before the metadata goes; sharp keeps no metadata unless asked.
      const image = sharp(upload, { failOn: 'error' }).rotate();
      full = await image
        .clone()
        .resize({ width: LONGEST_SIDE, height: LONGEST_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      thumbnail = await image
        .clone()
        .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 78 })
        .toBuffer();
    } catch {
      throw new ConsultationError('invalid', 'the photo could not be read as an image', [
        { path: 'photo', code: 'invalid', message: 'the photo could not be read as an image' },
      ]);
    }
    const folder = this.folder(consultationId);
    await mkdir(folder, { recursive: true });
    const file = `${submissionId}.jpg`;
    const thumbnailFile = `${submissionId}.thumb.jpg`;
    await writeFile(join(folder, file), full.data);
    await writeFile(join(folder, thumbnailFile), thumbnail);
    return { file, thumbnail: thumbnailFile, width: full.info.width, height: full.info.height, bytes: full.data.length };
  }

  read(consultationId: string, name: string): Promise<Buffer> {
    return readFile(join(this.folder(consultationId), name));
  }

  async remove(consultationId: string, photo: StoredPhoto): Promise<void> {
    await Promise.all([photo.file, photo.thumbnail].map((name) => rm(join(this.folder(consultationId), name), { force: true })));
  }
}
