/** The local engine: decodes sources on this process and keeps everything in typed arrays. */
import { NDArray } from '../../common/ndarray.js';
import type { Engine, ImagesImpl, ImagesSource, SeriesImpl, SeriesSource } from '../engine.js';
import { LocalImages } from './images.js';
import { LocalSeries } from './series.js';

export const localEngine: Engine = {
  mode: 'local',
  async images(source: ImagesSource): Promise<ImagesImpl> {
    return new LocalImages(source.kind === 'array' ? source.data : await source.decode());
  },
  async series(source: SeriesSource): Promise<SeriesImpl> {
    const { values, keys } = source.kind === 'array' ? source : await source.decode();
    return new LocalSeries(new NDArray(values.data, values.shape), keys ?? null);
  },
};
