import { describe, expect, it } from 'vitest';
import { showableType } from '../../src/ui/open-file';

describe('showableType', () => {
  it('opens what a tab shows by itself, under a type named here', () => {
    expect(showableType('photo.JPG')).toBe('image/jpeg');
    expect(showableType('talk.mp4')).toBe('video/mp4');
    expect(showableType('paper.pdf')).toBe('application/pdf');
    expect(showableType('notes.md'), 'text shows as text, never rendered').toBe('text/plain');
    expect(showableType('SHA256SUMS.sha256')).toBe('text/plain');
  });

  it('never offers what could run script in this page’s origin, nor what a tab cannot show', () => {
    for (const name of ['page.html', 'page.htm', 'drawing.svg', 'feed.xml', 'app.xhtml', 'tool.exe', 'archive.zip', 'noext', '.hidden']) {
      expect(showableType(name), name).toBeNull();
    }
  });
});
