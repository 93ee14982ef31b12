import { create, isFieldSet } from '@bufbuild/protobuf';
import {
  GetProfilePropertyResponse_Status,
  GetProfilePropertyResponseSchema,
  ProfilePropertySchema,
  SetProfilePropertyRequestSchema,
  SetProfilePropertyResponse_Status,
  VariableScope,
  type GetProfilePropertyRequest,
  type ListProfilesRequest,
  type SetProfilePropertyRequest,
} from '../../gen/api_pb';
import {
  ALL_PROFILE_KEYS,
  isLegalProfileValue,
  profileValue,
  type JsonValue,
  type ProfileDict,
} from '../profiles';
import { parseJson, type Handler } from './context';

const properties = (dict: ProfileDict, keys: readonly string[]) =>
  (keys.length > 0 ? keys : Object.keys(dict))
    .filter((k) => dict[k] !== undefined)
    .map((k) => create(ProfilePropertySchema, { key: k, jsonValue: JSON.stringify(dict[k]) }));

/** A session's profile as iTerm2's handleGetProfilePropertyForKeys: reads it: iTerm2's defaults behind it, every known key when none are asked for. */
const sessionProperties = (dict: ProfileDict, keys: readonly string[]) =>
  (keys.length > 0 ? keys : [...new Set([...ALL_PROFILE_KEYS, ...Object.keys(dict)])]).flatMap((key) => {
    const value = profileValue(dict, key);
    return value === undefined
      ? []
      : [create(ProfilePropertySchema, { key, jsonValue: JSON.stringify(value) })];
  });

export const getProfileProperty: Handler<GetProfilePropertyRequest> = (ctx, request) => {
  const session = request.session === 'all' ? undefined : ctx.model.resolveSession(request.session);
  if (!session) {
    return {
      case: 'getProfilePropertyResponse',
      value: create(GetProfilePropertyResponseSchema, {
        status: GetProfilePropertyResponse_Status.SESSION_NOT_FOUND,
      }),
    };
  }
  return {
    case: 'getProfilePropertyResponse',
    value: create(GetProfilePropertyResponseSchema, {
      status: GetProfilePropertyResponse_Status.OK,
      properties: sessionProperties(session.effectiveProfile, request.keys),
    }),
  };
};

export const setProfileProperty: Handler<SetProfilePropertyRequest> = (ctx, request) => {
  const reply = (status: SetProfilePropertyResponse_Status) =>
    ({
      case: 'setProfilePropertyResponse',
      value: { $typeName: 'iterm2.SetProfilePropertyResponse', status },
    }) as const;
  const legacy =
    isFieldSet(request, SetProfilePropertyRequestSchema.field.key) &&
    isFieldSet(request, SetProfilePropertyRequestSchema.field.jsonValue);
  const pairs = legacy ? [{ key: request.key, jsonValue: request.jsonValue }] : request.assignments;
  const decoded: { key: string; value: JsonValue }[] = [];
  for (const pair of pairs) {
    const parsed = parseJson(pair.jsonValue);
    if (!parsed) return reply(SetProfilePropertyResponse_Status.REQUEST_MALFORMED);
    decoded.push({ key: pair.key, value: parsed.value });
  }
  const target = request.target;
  if (target.case === 'guidList') {
    const profiles = target.value.guids.map((g) => ctx.model.profileByGuid(g));
    if (profiles.some((p) => p === undefined)) return reply(SetProfilePropertyResponse_Status.BAD_GUID);
    for (const { key, value } of decoded) {
      if (!isLegalProfileValue(key, value)) return reply(SetProfilePropertyResponse_Status.REQUEST_MALFORMED);
      for (const p of profiles) p![key] = value;
    }
    return reply(SetProfilePropertyResponse_Status.OK);
  }
  if (target.case !== 'session') return reply(SetProfilePropertyResponse_Status.REQUEST_MALFORMED);
  const sessions =
    target.value === 'all'
      ? ctx.model.allSessions()
      : [ctx.model.resolveSession(target.value)].filter((s) => s !== undefined);
  if (sessions.length === 0) return reply(SetProfilePropertyResponse_Status.SESSION_NOT_FOUND);
  // As PTYSession's handleSetProfilePropertyForAssignments: every assignment is checked before a session changes,
  // so an unknown key or a wrong type changes nothing there; with "all", sessions before it keep their changes.
  for (const session of sessions) {
    if (decoded.some(({ key, value }) => !isLegalProfileValue(key, value)))
      return reply(SetProfilePropertyResponse_Status.REQUEST_MALFORMED);
    for (const { key, value } of decoded) {
      session.overrides[key] = value;
      if (key === 'Badge Text')
        ctx.notifier.variableChanged(VariableScope.SESSION, session.id, 'badge', JSON.stringify(value));
    }
  }
  return reply(SetProfilePropertyResponse_Status.OK);
};

export const listProfiles: Handler<ListProfilesRequest> = (ctx, request) => {
  const chosen =
    request.guids.length > 0
      ? ctx.model.profiles.filter((p) => request.guids.includes(String(p['Guid'])))
      : ctx.model.profiles;
  return {
    case: 'listProfilesResponse',
    value: {
      $typeName: 'iterm2.ListProfilesResponse',
      profiles: chosen.map((p) => ({
        $typeName: 'iterm2.ListProfilesResponse.Profile',
        properties: properties(p, request.properties),
      })),
    },
  };
};
