import { describe, it } from 'vitest';
import { addUrls, row, useE2e, waitForStatus } from './harness';
const e2e = useE2e();
describe('scratch', () => {
  it('64', async () => {
    const app = await e2e.newAppPage();
    const t0 = Date.now();
    const name = 'x.bin';
    await addUrls(app.page, e2e.fileUrl(name, { size: 256 << 20, seed: 1 }));
    await waitForStatus(row(app.page, name), 'completed', 60_000);
    console.log('click->completed', Date.now() - t0);
    const st = e2e.origin.stats(name);
    
    void (JSON.stringify(st.ranges.map((r, i) => `${st.times[i]}:${r}`)), st.maxInFlight);
    console.log(app.consoleLines.join('\n'));
  });
});
