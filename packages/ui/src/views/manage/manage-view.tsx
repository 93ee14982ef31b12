import { useState } from 'react';
import { AgentsPanel } from './agents-panel';
import { AuditPanel } from './audit-panel';
import { BroadcastPanel } from './broadcast-panel';
import { LayoutPanel } from './layout-panel';
import { PoliciesPanel } from './policies-panel';
import { RecoveryPanel } from './recovery-panel';
import { RolesPanel } from './roles-panel';
import { StoragePanel } from './storage-panel';
import { TeamsPanel } from './teams-panel';
import './manage.css';

const sections = [
  { id: 'teams', label: 'Teams', Panel: TeamsPanel },
  { id: 'agents', label: 'Restart', Panel: AgentsPanel },
  { id: 'layout', label: 'Layout', Panel: LayoutPanel },
  { id: 'broadcast', label: 'Broadcast', Panel: BroadcastPanel },
  { id: 'policies', label: 'Policies', Panel: PoliciesPanel },
  { id: 'roles', label: 'Roles', Panel: RolesPanel },
  { id: 'recovery', label: 'Recovery', Panel: RecoveryPanel },
  { id: 'audit', label: 'Audit', Panel: AuditPanel },
  { id: 'storage', label: 'Storage', Panel: StoragePanel },
] as const;

export type ManageSection = (typeof sections)[number]['id'];

/** Fleet management (issue 22, item 7): every section a command of the contract, called through the typed client. */
export function ManageView({ initial = 'teams' }: { initial?: ManageSection }) {
  const [current, setCurrent] = useState<ManageSection>(initial);
  const section = sections.find((s) => s.id === current) ?? sections[0];
  return (
    <div className="manage" data-testid="manage-view">
      <nav className="manage-nav" aria-label="Manage">
        {sections.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            className={`secondary${id === current ? ' active' : ''}`}
            aria-current={id === current ? 'page' : undefined}
            onClick={() => setCurrent(id)}
          >
            {label}
          </button>
        ))}
      </nav>
      <div className="manage-section">
        <section.Panel />
      </div>
    </div>
  );
}
