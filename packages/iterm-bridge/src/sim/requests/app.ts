import { create } from '@bufbuild/protobuf';
import {
  BroadcastDomainSchema,
  ColorPresetResponse_Status,
  ColorPresetResponseSchema,
  MenuItemResponse_Status,
  PreferencesResponse_Result_SetDefaultProfileResult_Status,
  PreferencesResponse_Result_SetPreferenceResult_Status,
  PreferencesResponseSchema,
  RegisterToolResponse_Status,
  ScreenshotResponse_Status,
  SelectionResponse_Status,
  SelectionResponseSchema,
  SelectionSchema,
  SetBroadcastDomainsResponse_Status,
  StatusBarComponentResponse_Status,
  TmuxResponse_Status,
  TmuxResponseSchema,
  type ColorPresetRequest,
  type GetBroadcastDomainsRequest,
  type MenuItemRequest,
  type PreferencesRequest,
  type PreferencesResponse_Result,
  type RegisterToolRequest,
  type ScreenshotRequest,
  type Selection,
  type SelectionRequest,
  type SetBroadcastDomainsRequest,
  type StatusBarComponentRequest,
  type TmuxRequest,
} from '../../gen/api_pb';
import { liveDomains } from '../broadcast';
import { selectionText } from '../selection-text';
import { COLOR_PRESETS } from '../vendor/iterm2-tables';
import { parseJson, type Handler, type RequestContext } from './context';

const domainsOf = (ctx: RequestContext) =>
  liveDomains(ctx.state.broadcastDomains, ctx.model).map((ids) =>
    create(BroadcastDomainSchema, { sessionIds: ids }),
  );

export const getBroadcastDomains: Handler<GetBroadcastDomainsRequest> = (ctx) => ({
  case: 'getBroadcastDomainsResponse',
  value: { $typeName: 'iterm2.GetBroadcastDomainsResponse', broadcastDomains: domainsOf(ctx) },
});

export const setBroadcastDomains: Handler<SetBroadcastDomainsRequest> = (ctx, request) => {
  const reply = (status: SetBroadcastDomainsResponse_Status) =>
    ({
      case: 'setBroadcastDomainsResponse',
      value: { $typeName: 'iterm2.SetBroadcastDomainsResponse', status },
    }) as const;
  const seen = new Set<string>();
  for (const domain of request.broadcastDomains) {
    const windows = new Set<string>();
    for (const id of domain.sessionIds) {
      if (!ctx.model.sessions.has(id)) return reply(SetBroadcastDomainsResponse_Status.SESSION_NOT_FOUND);
      if (seen.has(id)) return reply(SetBroadcastDomainsResponse_Status.BROADCAST_DOMAINS_NOT_DISJOINT);
      seen.add(id);
      windows.add(ctx.model.locate(id)?.window.id ?? '');
    }
    if (windows.size > 1) return reply(SetBroadcastDomainsResponse_Status.SESSIONS_NOT_IN_SAME_WINDOW);
  }
  // As iTerm2's sanitizedDomains: a domain of one session broadcasts to nobody and is dropped.
  ctx.state.broadcastDomains = request.broadcastDomains
    .map((d) => [...d.sessionIds])
    .filter((d) => d.length > 1);
  ctx.notifier.broadcastChanged(domainsOf(ctx));
  return reply(SetBroadcastDomainsResponse_Status.OK);
};

export const preferences: Handler<PreferencesRequest> = (ctx, request) => {
  const results: PreferencesResponse_Result[] = request.requests.map((r) => {
    const wrap = (result: PreferencesResponse_Result['result']): PreferencesResponse_Result => ({
      $typeName: 'iterm2.PreferencesResponse.Result',
      result,
    });
    switch (r.request.case) {
      case 'setPreferenceRequest': {
        const parsed = parseJson(r.request.value.jsonValue);
        const S = PreferencesResponse_Result_SetPreferenceResult_Status;
        if (parsed) ctx.state.preferences.set(r.request.value.key, parsed.value);
        return wrap({
          case: 'setPreferenceResult',
          value: {
            $typeName: 'iterm2.PreferencesResponse.Result.SetPreferenceResult',
            status: parsed ? S.OK : S.BAD_JSON,
          },
        });
      }
      case 'getPreferenceRequest': {
        const value = ctx.state.preferences.get(r.request.value.key);
        const got = {
          $typeName: 'iterm2.PreferencesResponse.Result.GetPreferenceResult' as const,
          jsonValue: '',
        };
        if (value === undefined) delete (got as { jsonValue?: string }).jsonValue;
        else got.jsonValue = JSON.stringify(value);
        return wrap({ case: 'getPreferenceResult', value: got });
      }
      case 'setDefaultProfileRequest': {
        const known = ctx.model.profileByGuid(r.request.value.guid);
        if (known) ctx.state.defaultProfileGuid = r.request.value.guid;
        const S = PreferencesResponse_Result_SetDefaultProfileResult_Status;
        return wrap({
          case: 'setDefaultProfileResult',
          value: {
            $typeName: 'iterm2.PreferencesResponse.Result.SetDefaultProfileResult',
            status: known ? S.OK : S.BAD_GUID,
          },
        });
      }
      case 'getDefaultProfileRequest':
        return wrap({
          case: 'getDefaultProfileResult',
          value: {
            $typeName: 'iterm2.PreferencesResponse.Result.GetDefaultProfileResult',
            guid: ctx.state.defaultProfileGuid,
          },
        });
      default:
        return wrap({
          case: 'unrecognizedRequest',
          value: { $typeName: 'iterm2.PreferencesResponse.Result.UnrecognizedResult' },
        });
    }
  });
  return { case: 'preferencesResponse', value: create(PreferencesResponseSchema, { results }) };
};

/** The simulator has no menu bar: every identifier is unknown. */
export const menuItem: Handler<MenuItemRequest> = () => ({
  case: 'menuItemResponse',
  value: {
    $typeName: 'iterm2.MenuItemResponse',
    status: MenuItemResponse_Status.BAD_IDENTIFIER,
    checked: false,
    enabled: false,
  },
});

/** No tmux integration: no connections. */
export const tmux: Handler<TmuxRequest> = (_ctx, request) => {
  if (request.payload.case === 'listConnections') {
    return {
      case: 'tmuxResponse',
      value: create(TmuxResponseSchema, {
        status: TmuxResponse_Status.OK,
        payload: {
          case: 'listConnections',
          value: { $typeName: 'iterm2.TmuxResponse.ListConnections', connections: [] },
        },
      }),
    };
  }
  const status =
    request.payload.case === undefined
      ? TmuxResponse_Status.INVALID_REQUEST
      : TmuxResponse_Status.INVALID_CONNECTION_ID;
  return { case: 'tmuxResponse', value: create(TmuxResponseSchema, { status }) };
};

const PRESETS = Object.keys(COLOR_PRESETS);

export const colorPreset: Handler<ColorPresetRequest> = (ctx, request) => {
  if (request.request.case === 'listPresets') {
    return {
      case: 'colorPresetResponse',
      value: create(ColorPresetResponseSchema, {
        status: ColorPresetResponse_Status.OK,
        response: {
          case: 'listPresets',
          value: { $typeName: 'iterm2.ColorPresetResponse.ListPresets', name: PRESETS },
        },
      }),
    };
  }
  if (request.request.case !== 'getPreset')
    return {
      case: 'colorPresetResponse',
      value: create(ColorPresetResponseSchema, { status: ColorPresetResponse_Status.REQUEST_MALFORMED }),
    };
  if (!PRESETS.includes(request.request.value.name))
    return {
      case: 'colorPresetResponse',
      value: create(ColorPresetResponseSchema, { status: ColorPresetResponse_Status.PRESET_NOT_FOUND }),
    };
  // The preset's own colours (iTerm2's ColorPresets.plist), as handleGetPreset: reads them.
  const colorSettings = Object.entries(COLOR_PRESETS[request.request.value.name]!).map(([key, c]) => {
    return {
      $typeName: 'iterm2.ColorPresetResponse.GetPreset.ColorSetting' as const,
      key,
      red: Number(c['Red Component']),
      green: Number(c['Green Component']),
      blue: Number(c['Blue Component']),
      alpha: Number(c['Alpha Component'] ?? 1),
      colorSpace: String(c['Color Space'] ?? 'Calibrated'),
    };
  });
  return {
    case: 'colorPresetResponse',
    value: create(ColorPresetResponseSchema, {
      status: ColorPresetResponse_Status.OK,
      response: {
        case: 'getPreset',
        value: { $typeName: 'iterm2.ColorPresetResponse.GetPreset', colorSettings },
      },
    }),
  };
};

export const selection: Handler<SelectionRequest> = (ctx, request) => {
  const reply = (status: SelectionResponse_Status, response?: SelectionResponseSchemaResponse) =>
    ({
      case: 'selectionResponse',
      value: create(SelectionResponseSchema, response ? { status, response } : { status }),
    }) as const;
  const r = request.request;
  if (r.case === undefined) return reply(SelectionResponse_Status.REQUEST_MALFORMED);
  const session = ctx.model.resolveSession(r.value.sessionId);
  // Quirk of the real server: an unknown session is REQUEST_MALFORMED, not INVALID_SESSION.
  if (!session) return reply(SelectionResponse_Status.REQUEST_MALFORMED);
  if (r.case === 'getSelectionRequest') {
    const current = (ctx.state.selections.get(session.id) as Selection | undefined) ?? {
      $typeName: 'iterm2.Selection' as const,
      subSelections: [],
    };
    return reply(SelectionResponse_Status.OK, {
      case: 'getSelectionResponse',
      value: { $typeName: 'iterm2.SelectionResponse.GetSelectionResponse', selection: current },
    });
  }
  const wanted = r.value.selection;
  for (const sub of wanted?.subSelections ?? []) {
    const w = sub.windowedCoordRange;
    const start = w?.coordRange?.start;
    const end = w?.coordRange?.end;
    const bad =
      !start ||
      !end ||
      start.x < 0 ||
      end.x < 0 ||
      start.y < 0n ||
      end.y < 0n ||
      start.x > session.cols ||
      end.x > session.cols ||
      Number(w?.columns?.location ?? 0n) + Number(w?.columns?.length ?? 0n) > session.cols ||
      sub.selectionMode < 0 ||
      sub.selectionMode > 5;
    if (bad) return reply(SelectionResponse_Status.REQUEST_MALFORMED);
  }
  const chosen = wanted ?? create(SelectionSchema, {});
  ctx.state.selections.set(session.id, chosen);
  session.terminal.setSelection(selectionText(session, chosen));
  return reply(SelectionResponse_Status.OK, {
    case: 'setSelectionResponse',
    value: { $typeName: 'iterm2.SelectionResponse.SetSelectionResponse' },
  });
};
type SelectionResponseSchemaResponse = NonNullable<
  Parameters<typeof create<typeof SelectionResponseSchema>>[1]
>['response'];

/** There is no renderer behind the simulator's screens, so no PNG can be made. */
export const screenshot: Handler<ScreenshotRequest> = (ctx, request) => {
  const status = ctx.model.resolveSession(request.session)
    ? ScreenshotResponse_Status.INTERNAL_ERROR
    : ScreenshotResponse_Status.SESSION_NOT_FOUND;
  return {
    case: 'screenshotResponse',
    value: { $typeName: 'iterm2.ScreenshotResponse', status, png: new Uint8Array() },
  };
};

export const registerTool: Handler<RegisterToolRequest> = (_ctx, request) => {
  let ok = request.name !== '' && request.identifier !== '' && request.URL !== '';
  try {
    ok = ok && new URL(request.URL).host !== '';
  } catch {
    ok = false;
  }
  const status = ok ? RegisterToolResponse_Status.OK : RegisterToolResponse_Status.REQUEST_MALFORMED;
  return { case: 'registerToolResponse', value: { $typeName: 'iterm2.RegisterToolResponse', status } };
};

export const statusBarComponent: Handler<StatusBarComponentRequest> = (ctx, request) => {
  const reply = (status: StatusBarComponentResponse_Status) =>
    ({
      case: 'statusBarComponentResponse',
      value: { $typeName: 'iterm2.StatusBarComponentResponse', status },
    }) as const;
  if (request.request.case !== 'openPopover')
    return reply(StatusBarComponentResponse_Status.REQUEST_MALFORMED);
  if (!ctx.model.resolveSession(request.request.value.sessionId))
    return reply(StatusBarComponentResponse_Status.SESSION_NOT_FOUND);
  return reply(
    ctx.state.rpc.hasStatusBarComponent(request.identifier)
      ? StatusBarComponentResponse_Status.OK
      : StatusBarComponentResponse_Status.INVALID_IDENTIFIER,
  );
};
