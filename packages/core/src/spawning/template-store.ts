import { AgentTemplate, SwitchboardError } from '@switchboard/protocol';
import type { AgentTemplateSpec } from '@switchboard/protocol';
import type { Store } from '../store/store';

interface TemplateRow {
  name: string;
  body: string;
  updated_at: string;
}

const toTemplate = (row: TemplateRow): AgentTemplate =>
  AgentTemplate.parse({ ...JSON.parse(row.body), name: row.name, updatedAt: row.updated_at });

/** Saved agent templates in SQLite. They hold no secrets: `env` values are never part of a template. */
export class TemplateStore {
  constructor(private readonly store: Store) {}

  list(): AgentTemplate[] {
    return this.store.db
      .prepare<[], TemplateRow>('SELECT * FROM agent_templates ORDER BY name')
      .all()
      .map(toTemplate);
  }

  find(name: string): AgentTemplate | undefined {
    const row = this.store.db
      .prepare<[string], TemplateRow>('SELECT * FROM agent_templates WHERE name = ?')
      .get(name);
    return row ? toTemplate(row) : undefined;
  }

  require(name: string): AgentTemplate {
    const template = this.find(name);
    if (!template)
      throw new SwitchboardError('not_found', `No template "${name}"`, {
        hint: 'template.list shows the saved templates.',
      });
    return template;
  }

  save(spec: AgentTemplateSpec, replace: boolean, now: string): AgentTemplate {
    if (!replace && this.find(spec.name)) {
      throw new SwitchboardError('conflict', `A template named "${spec.name}" already exists`, {
        hint: 'Pass replace: true to overwrite it.',
      });
    }
    const { name, ...body } = spec;
    this.store.db
      .prepare(
        'INSERT INTO agent_templates (name, body, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
      )
      .run(name, JSON.stringify(body), now);
    return this.require(name);
  }

  delete(name: string): void {
    this.require(name);
    this.store.db.prepare('DELETE FROM agent_templates WHERE name = ?').run(name);
  }
}
