import { describe, expect, it } from 'vitest';
import { redactCredentials } from '../../src/shared/redact';

describe('redactCredentials', () => {
  it('hides the password of a URL and keeps the rest', () => {
    expect(redactCredentials('https://user:secret@host')).toBe('https://user:***@host');
    expect(redactCredentials('https://user:secret@example.com:8443/a/b?x=1#y')).toBe('https://user:***@example.com:8443/a/b?x=1#y');
    expect(redactCredentials('ftp://u:p@[::1]:21/')).toBe('ftp://u:***@[::1]:21/');
  });

  it('leaves text without a password as it is', () => {
    for (const text of ['https://user@host/', 'https://user:@host/', 'https://host:8080/a:b', 'https://host/@user:tag', 'https://[::1]:80/', 'no links here', '']) {
      expect(redactCredentials(text)).toBe(text);
    }
  });

  it('takes the user info to the last "@", as the URL parser does', () => {
    expect(redactCredentials('https://user:p@ss@host/')).toBe('https://user:***@host/');
    expect(redactCredentials('https://a@b:c@host/')).toBe('https://a@b:***@host/');
  });

  it('hides passwords in text that is not a URL the parser accepts', () => {
    expect(redactCredentials('https://user:my secret@host/x')).toBe('https://user:***@host/x');
    expect(redactCredentials('https://user:pa#ss?@host/')).toBe('https://user:***@host/');
    expect(redactCredentials('//user:pw@cdn.example.com/x')).toBe('//user:***@cdn.example.com/x');
    expect(redactCredentials('user:pw@example.com')).toBe('user:***@example.com');
    expect(redactCredentials('https:\\\\user:pw@host\\x')).toBe('https:\\\\user:***@host\\x');
  });

  it('hides every password in a longer text', () => {
    expect(redactCredentials('fetch https://a:1@x/ failed, then http://b:2@y/ and //c:3@z')).toBe(
      'fetch https://a:***@x/ failed, then http://b:***@y/ and //c:***@z',
    );
    expect(redactCredentials('one https://a:1@x\ntwo https://b:2@y')).toBe('one https://a:***@x\ntwo https://b:***@y');
  });

  it('gives the same text when applied twice', () => {
    for (const text of ['https://user:secret@host', 'a:b@c d:e@f', '//u:p@h/ //v:q@i']) {
      const once = redactCredentials(text);
      expect(redactCredentials(once)).toBe(once);
    }
  });

  it('does work linear in the text, for pathological texts of growing size', () => {
    // Many authority starts ("//", word starts) whose user info runs far: a scan per start
    // would be quadratic, and the largest size ten times the one below must still be quick.
    for (const n of [1_000, 10_000, 100_000]) {
      expect(redactCredentials(`//a:${' b'.repeat(n)}`)).toBe(`//a:${' b'.repeat(n)}`);
      expect(redactCredentials(`${' a:b'.repeat(n)}@h`)).toBe(' a:***@h');
      expect(redactCredentials('//x:y@z'.repeat(n))).toBe(`//x:***@z${'//x:***@z'.repeat(n - 1)}`);
    }
  });
});
