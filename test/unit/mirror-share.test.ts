import { describe, expect, it } from 'vitest';
import { mirrorShare } from '../../src/ui/mirror-list';

describe("a server's line in a row with mirrors", () => {
  const unused = { url: 'https://b.example/f', given: 0, dropped: null };

  it('says a server was not needed once the file is done without it, and gave 0 B before', () => {
    expect(mirrorShare(unused, 'completed')).toEqual({ kind: 'not-needed' });
    expect(mirrorShare(unused, 'downloading')).toEqual({ kind: 'gave', bytes: 0 });
  });

  it('says what a server gave, and why a dropped one was dropped, whatever the file did', () => {
    expect(mirrorShare({ ...unused, given: 42 }, 'completed')).toEqual({ kind: 'gave', bytes: 42 });
    expect(mirrorShare({ ...unused, dropped: 'it served another file' }, 'completed')).toEqual({ kind: 'dropped', why: 'it served another file' });
  });
});
