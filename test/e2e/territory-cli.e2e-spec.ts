import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTerritoryCsv } from '@gridcell/grid';
import { built, uniqueName } from '@gridcell/testing';

/** Runs the territory CLI as an operator would; resolves with its exit code and output. */
async function territory(...args: string[]): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [built('apps/cli/src/main.ts'), ...args], { env: process.env });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

describe('territory CSV import and export (CLI)', () => {
  const ns = uniqueName('csv');
  const dir = mkdtempSync(join(tmpdir(), 'gridcell-csv-'));
  const csv = (file: string, lines: string[]) => writeFileSync(join(dir, file), `${lines.join('\n')}\n`);

  beforeAll(() => {
    csv('feeders.csv', ['id,name', `${ns}-F1,10 kV Line 1`]);
    csv('cells.csv', ['id,name,areaClass', `${ns}-C1,"Liuhe Village, east",rural`]);
    csv('transformers.csv', [
      'id,feederId,cellId,ratedKva,lat,lon',
      `${ns}-T1,${ns}-F1,${ns}-C1,200,30.1,114.2`,
    ]);
    csv('gateways.csv', ['id,transformerId', `${ns}-G1,${ns}-T1`]);
    csv('customers.csv', [
      'id,name,phone,vulnerable,password',
      `${ns}-K1,Wang,13800000000,true,`,
      `${ns}-K2,Li,,false,`,
    ]);
    csv('meters.csv', [
      'id,transformerId,gatewayId,customerId,phases,intervalS,lastGasp,lat,lon',
      `${ns}-M1,${ns}-T1,${ns}-G1,${ns}-K1,1,900,true,,`,
      `${ns}-M2,${ns}-T1,${ns}-G1,${ns}-K2,3,900,false,30.11,114.21`,
    ]);
    csv('staff.csv', ['id,name,username,password', `${ns}-S1,Zhang,,`, `${ns}-S2,Zhao,,`]);
    csv('staff_cells.csv', ['staffId,cellId,role', `${ns}-S1,${ns}-C1,primary`, `${ns}-S2,${ns}-C1,backup`]);
  });

  it('imports the CSVs, and exports them back as CSV and JSON', async () => {
    const imported = await territory('import', dir);
    expect(imported).toMatchObject({ code: 0, output: expect.stringContaining('"meters":2') });

    const out = mkdtempSync(join(tmpdir(), 'gridcell-export-'));
    const exported = await territory('export', out, '--json', join(out, 'topology.json'));
    expect(exported.code).toBe(0);
    const mine = <T extends { id?: unknown }>(items: T[] | undefined) =>
      (items ?? []).filter((i) => String(i.id).startsWith(ns));
    const original = (await readTerritoryCsv(dir)).body;
    const roundTrip = (await readTerritoryCsv(out)).body;
    for (const entity of ['feeders', 'cells', 'transformers', 'gateways', 'customers', 'meters', 'staff']) {
      expect(mine(roundTrip[entity])).toEqual(original[entity]);
    }
    const json = JSON.parse(readFileSync(join(out, 'topology.json'), 'utf8')) as Record<
      string,
      { id: string }[]
    >;
    expect(mine(json.meters)).toEqual(original.meters);
  });

  it('applies nothing when an item is invalid, and says which', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'gridcell-bad-'));
    writeFileSync(join(bad, 'feeders.csv'), `id,name\n${ns}-F9,New line\n`);
    writeFileSync(join(bad, 'meters.csv'), `id,transformerId\n${ns}-M9,${ns}-NOWHERE\nbad id!,${ns}-T1\n`);
    const refused = await territory('import', bad);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('nothing applied');
    expect(refused.output).toContain(
      'meters[1].id: must be 1-64 characters of [A-Za-z0-9._-]   (meters.csv line 3)',
    );

    writeFileSync(join(bad, 'meters.csv'), `id,transformerId\n${ns}-M9,${ns}-NOWHERE\n`);
    const dangling = await territory('import', bad);
    expect(dangling.code).toBe(1);
    expect(dangling.output).toContain(`meters[0].transformerId: unknown transformer "${ns}-NOWHERE"`);

    const out = mkdtempSync(join(tmpdir(), 'gridcell-export-'));
    await territory('export', out);
    expect((await readTerritoryCsv(out)).body.feeders?.filter((f) => f.id === `${ns}-F9`)).toEqual([]);
  });

  it('refuses a misspelt header and explains its usage', async () => {
    const typo = mkdtempSync(join(tmpdir(), 'gridcell-typo-'));
    writeFileSync(join(typo, 'cells.csv'), `id,nmae\n${ns}-C9,Typo\n`);
    expect(await territory('import', typo)).toMatchObject({
      code: 1,
      output: expect.stringContaining('cells.csv: unknown column(s) nmae'),
    });
    expect(await territory('frobnicate')).toMatchObject({
      code: 1,
      output: expect.stringContaining('usage:'),
    });
  });
});
