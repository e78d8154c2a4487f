import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { busyPortMessage, isAddressInUse, portFromEnv, startPortsFromEnv, viteBusyPort } from '../../scripts/ports';

describe('portFromEnv', () => {
  it('uses the default when the variable is unset or empty', () => {
    expect(portFromEnv({}, 'PORT', 5173)).toBe(5173);
    expect(portFromEnv({ PORT: '  ' }, 'PORT', 5173)).toBe(5173);
  });

  it('takes a port from 1 to 65535', () => {
    expect(portFromEnv({ PORT: '5180' }, 'PORT', 5173)).toBe(5180);
    expect(portFromEnv({ SAMPLE_ORIGIN_PORT: ' 1 ' }, 'SAMPLE_ORIGIN_PORT', 8787)).toBe(1);
    expect(portFromEnv({ PORT: '65535' }, 'PORT', 5173)).toBe(65535);
  });

  it('refuses anything else with a sentence naming the variable and a port that would do', () => {
    for (const bad of ['0', '65536', 'abc', '51.5', '-1', '0x10', '5173abc']) {
      expect(() => portFromEnv({ PORT: bad }, 'PORT', 5173), bad).toThrow(`PORT=${bad} is not a port: use a whole number from 1 to 65535, e.g. PORT=5183.`);
    }
  });
});

describe('startPortsFromEnv', () => {
  it('reads PORT and SAMPLE_ORIGIN_PORT, defaulting to 5173 and 8787', () => {
    expect(startPortsFromEnv({})).toEqual({ app: 5173, sampleOrigin: 8787 });
    expect(startPortsFromEnv({ PORT: '6000', SAMPLE_ORIGIN_PORT: '9000' })).toEqual({ app: 6000, sampleOrigin: 9000 });
  });
});

describe('busyPortMessage', () => {
  it('names the port and the server, asks whether the app is running, and moves both ports', () => {
    expect(busyPortMessage('app', { app: 5173, sampleOrigin: 8787 })).toBe(
      'Port 5173 (the app) is in use. Is Rangefetch already running (npm start in another terminal)? ' +
        'Stop that one, or start this one on other ports: PORT=5174 SAMPLE_ORIGIN_PORT=8788 npm start',
    );
    expect(busyPortMessage('sample origin', { app: 6000, sampleOrigin: 9000 })).toMatch(
      /^Port 9000 \(the sample origin\) is in use\..* PORT=6001 SAMPLE_ORIGIN_PORT=9001 npm start$/,
    );
  });

  it('never suggests a port past 65535', () => {
    expect(busyPortMessage('app', { app: 65535, sampleOrigin: 8787 })).toContain('PORT=65534 SAMPLE_ORIGIN_PORT=8788 npm start');
  });
});

describe('recognising a taken port', () => {
  it("knows Node's EADDRINUSE from a real second listen", async () => {
    const first = createServer();
    await new Promise<void>((resolve) => first.listen(0, '127.0.0.1', resolve));
    const address = first.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const second = createServer();
    const error = await new Promise<unknown>((resolve) => {
      second.once('error', resolve);
      second.listen(address.port, '127.0.0.1');
    });
    first.close();
    expect(isAddressInUse(error)).toBe(true);
    expect(isAddressInUse(new Error('listen EACCES'))).toBe(false);
  });

  it("reads the port from Vite's strictPort error and nothing else", () => {
    expect(viteBusyPort(new Error('Port 5173 is already in use'))).toBe(5173);
    expect(viteBusyPort(new Error('Port 5173 is already in use, and more'))).toBeNull();
    expect(viteBusyPort('Port 5173 is already in use')).toBeNull();
  });
});
