import './spawn.css';
import type { Team } from '@switchboard/protocol';
import { TeamForm } from '../team-form';
import { AdoptPanel } from './adopt-panel';
import { FleetFilePanel } from './fleet-file-panel';
import { SpawnAgentForm } from './spawn-agent-form';
import { TemplatesPanel } from './templates-panel';

/** The org chart's sidebar: spawn, templates, fleet files, adopting running panes, new teams. */
export function SpawnSidebar({ teams }: { teams: Team[] }) {
  return (
    <>
      <SpawnAgentForm teams={teams} />
      <TemplatesPanel />
      <FleetFilePanel />
      <AdoptPanel />
      <TeamForm />
    </>
  );
}
