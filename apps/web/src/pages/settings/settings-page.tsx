// Settings: the workspace's pipelines and their rules, its catalog of service lines, approval limits and notice windows (editable by those who
// may change settings, through update-settings), members and roles with invitations, the user's API tokens and
// the workspace's webhooks, and the member's calendar feed. What a user may change is asked of the domain's `can`, before any request.
import { type Action, type Actor, can, type ResourceKind, type WorkspaceSettings } from "@accountable/domain";
import { Stack, Tabs, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { useMembership } from "../../api/session.ts";
import { useWorkspace } from "../../api/workspace.ts";
import { QueryState } from "../../ui/query-state.tsx";
import { CalendarPanel } from "./calendar-panel.tsx";
import { HandoverPanel } from "./handover-panel.tsx";
import { MembersPanel } from "./members-panel.tsx";
import { PipelinesPanel } from "./pipelines-panel.tsx";
import { RulesPanel } from "./rules-panel.tsx";
import { ServiceLinesPanel } from "./service-lines-panel.tsx";
import { TokensPanel } from "./tokens-panel.tsx";
import { WebhooksPanel } from "./webhooks-panel.tsx";

const route = getRouteApi("/w/$workspaceId/settings");

/** Whether the signed-in member may take an action on a kind of record, as the domain's permission matrix says. */
export type MayDo = (action: Action, kind: ResourceKind) => boolean;

export function SettingsPage() {
  const { workspaceId } = route.useParams();
  const workspace = useWorkspace(workspaceId);
  const membership = useMembership(workspaceId);
  const may: MayDo = (action, kind) =>
    membership !== undefined &&
    can({ memberId: membership.memberId, role: membership.role } as Actor, action, { kind }).allowed;

  return (
    <Stack gap="lg">
      <Title order={1}>Settings</Title>
      <QueryState query={workspace} label="the workspace's settings">
        {(record) => {
          const settings = record.state.settings as WorkspaceSettings;
          return (
            <Tabs defaultValue="pipelines" keepMounted={false}>
              <Tabs.List aria-label="Settings sections">
                <Tabs.Tab value="pipelines">Pipelines</Tabs.Tab>
                <Tabs.Tab value="service-lines">Service lines</Tabs.Tab>
                <Tabs.Tab value="rules">Approvals and notice</Tabs.Tab>
                <Tabs.Tab value="handover">Handover and invoicing</Tabs.Tab>
                <Tabs.Tab value="members">Members</Tabs.Tab>
                <Tabs.Tab value="tokens">API tokens</Tabs.Tab>
                <Tabs.Tab value="webhooks">Webhooks</Tabs.Tab>
                <Tabs.Tab value="calendar">Calendar feed</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="pipelines" pt="md">
                <PipelinesPanel settings={settings} />
              </Tabs.Panel>
              <Tabs.Panel value="service-lines" pt="md">
                <ServiceLinesPanel
                  workspaceId={workspaceId}
                  settings={settings}
                  version={record.version}
                  editable={may("settings.write", "settings")}
                />
              </Tabs.Panel>
              <Tabs.Panel value="rules" pt="md">
                <RulesPanel
                  workspaceId={workspaceId}
                  settings={settings}
                  version={record.version}
                  editable={may("settings.write", "settings")}
                />
              </Tabs.Panel>
              <Tabs.Panel value="handover" pt="md">
                <HandoverPanel
                  workspaceId={workspaceId}
                  settings={settings}
                  version={record.version}
                  editable={may("settings.write", "settings")}
                />
              </Tabs.Panel>
              <Tabs.Panel value="members" pt="md">
                <MembersPanel
                  workspaceId={workspaceId}
                  mayInvite={may("member.invite", "member")}
                  mayManage={may("member.manage", "member")}
                />
              </Tabs.Panel>
              <Tabs.Panel value="tokens" pt="md">
                <TokensPanel />
              </Tabs.Panel>
              <Tabs.Panel value="webhooks" pt="md">
                {may("webhook.manage", "webhook") ? (
                  <WebhooksPanel workspaceId={workspaceId} />
                ) : (
                  <Text c="dimmed">Only those who manage webhooks (admins) see them.</Text>
                )}
              </Tabs.Panel>
              <Tabs.Panel value="calendar" pt="md">
                <CalendarPanel
                  workspaceId={workspaceId}
                  reminderDaysBefore={settings.calendar.reminderDaysBefore}
                />
              </Tabs.Panel>
            </Tabs>
          );
        }}
      </QueryState>
    </Stack>
  );
}
