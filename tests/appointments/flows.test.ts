import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { dialog, texts } from '../support/transcript.js';

describe('the appointments menu item without a database', () => {
  it('gives the honest route that always works: the centre phone', async () => {
    const d = await dialog({ language: 'ar', centreId: 'thira' });
    await d.start();
    const replies = await d.press('menu:appointments');
    expect(texts(replies)).toContain(translator('ar')('appointments:unavailable', { phone: '2286037036, 2286033023' }));
  });
});
