import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { CONNECTORS } from '../../src/connectors/index.js';
import { builtinMappings, buildMappings, loadMappings as load, resolveMapping } from '../../src/mirror/mapping.js';

/** The built-ins: what the connectors declare. */
const BUILTINS = builtinMappings(CONNECTORS);
const loadMappings = (config: ReturnType<typeof configFrom>) => load(config, BUILTINS);

const dir = mkdtempSync(path.join(tmpdir(), 'tongbu-mapping-'));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('Bitable mappings', () => {
  it('takes the built-ins from the connectors: the 巨量本地推 mapping on, the orders mapping off by default', () => {
    const maps = loadMappings(configFrom({}));
    const oe = resolveMapping(maps, 'oceanengine');
    expect(oe).toMatchObject({ name: 'oceanengine_local_daily', table: '巨量本地推日报', enabled: true, keyField: '记录键', dateField: '时间' });
    expect(oe.fields.map((f) => f.field)).toEqual(['时间', '单元ID', '单元名称', '消耗(元)', '转化数', '转化成本(元)', '团购线索数']);
    expect(resolveMapping(maps, 'douyin_life_orders').enabled).toBe(false);
    expect(resolveMapping(loadMappings(configFrom({ BITABLE_MIRROR_ORDERS: true })), 'douyin-life').enabled).toBe(true);
    expect(resolveMapping(maps, 'douyin_life_orders').fields.some((f) => f.column === 'phone')).toBe(false);
  });

  it('overrides a built-in partially and adds new mappings from BITABLE_MAPPING', () => {
    const p = file(
      'ok.json',
      JSON.stringify({
        mappings: [
          { name: 'oceanengine_local_daily', table: '本地推', appToken: 'bascnOther' },
          { name: 'orders_view', source: 'orders_view', table: '订单', key: ['id'], fields: [{ column: 'amount', field: '金额', type: 'number' }] },
        ],
      }),
    );
    const maps = loadMappings(configFrom({ BITABLE_MAPPING: p }));
    expect(resolveMapping(maps, 'oceanengine_local_daily')).toMatchObject({ table: '本地推', appToken: 'bascnOther', source: 'oceanengine_local_daily' });
    expect(resolveMapping(maps, '订单')).toMatchObject({ source: 'orders_view', keyField: '记录键', enabled: true });
  });

  it('names the bad entry and the problem', () => {
    const cases: [string, RegExp][] = [
      ['[{"name":"x","source":"x","table":"t","key":["id"],"fields":[{"column":"a","field":"A","type":"money"}]}]', /mapping "x": fields\.0\.type/],
      ['[{"name":"y","table":"t","key":["id"],"fields":[{"column":"a","field":"A","type":"text"}]}]', /mapping "y": source/],
      ['[{"name":"z","source":"z; drop table","table":"t","key":["id"],"fields":[{"column":"a","field":"A","type":"text"}]}]', /mapping "z": source: must be a plain SQL identifier/],
      ['[{"name":"w","source":"w","table":"t","key":["id"],"fields":[{"column":"a","field":"A","type":"text"},{"column":"b","field":"A","type":"text"}]}]', /field "A" appears twice/],
      ['[{"name":"v","source":"v","table":"t","key":["id"],"dateColumn":"d","dateField":"A","fields":[{"column":"a","field":"A","type":"text"}]}]', /"A" must be one of the mapped fields, of type date/],
      ['[42]', /entry 1 is not an object/],
      ['{"tables": []}', /must hold an array of mappings/],
      ['not json', /is not JSON/],
    ];
    for (const [content, re] of cases) {
      const p = file(`bad-${Math.random()}.json`, content);
      expect(() => loadMappings(configFrom({ BITABLE_MAPPING: p }))).toThrow(re);
      try {
        loadMappings(configFrom({ BITABLE_MAPPING: p }));
      } catch (e) {
        expect(e).toMatchObject({ code: 'BITABLE_MAPPING_INVALID', action: expect.stringMatching(/BITABLE_MAPPING file/) });
      }
    }
    expect(() => loadMappings(configFrom({ BITABLE_MAPPING: path.join(dir, 'nope.json') }))).toThrow(/cannot read/);
  });

  it('resolves by name, source, Bitable table or alias, and errors on anything else', () => {
    const maps = buildMappings(BUILTINS);
    expect(resolveMapping(maps, '巨量本地推日报').name).toBe('oceanengine_local_daily');
    expect(resolveMapping(maps, 'OCEANENGINE-LOCAL').name).toBe('oceanengine_local_daily');
    expect(() => resolveMapping(maps, 'no-such-table')).toThrow(/There is no Bitable mapping for "no-such-table"/);
  });
});

describe('opt-in mappings', () => {
  it('are off unless their setting is on, and a mapping file can still turn one on', () => {
    const input = { name: 'shop_orders', source: 'shop_orders', table: '订单', key: ['id'], fields: [{ column: 'id', field: '订单号', type: 'text' as const }], optIn: 'orders' as const };
    expect(buildMappings([input])[0]?.enabled).toBe(false);
    expect(buildMappings([input], [], { optIns: { orders: true } })[0]?.enabled).toBe(true);
    expect(buildMappings([input], [{ name: 'shop_orders', enabled: true }])[0]?.enabled).toBe(true);
    expect(buildMappings([])).toEqual([]);
  });
});
