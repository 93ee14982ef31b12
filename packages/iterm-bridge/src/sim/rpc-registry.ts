import type { RPCRegistrationRequest } from '../gen/api_pb';
import type { SimConnection } from './connection';
import type { JsonValue } from './profiles';

/** Signature iTerm2 keys registrations by: `name(arg1,arg2)` with argument names sorted. */
export function signatureOf(name: string, argumentNames: readonly string[]): string {
  return `${name}(${[...argumentNames].sort().join(',')})`;
}

interface Registration {
  connection: SimConnection;
  request: RPCRegistrationRequest;
}

interface Pending {
  connection: SimConnection;
  resolve: (result: { value: string } | { error: string }) => void;
  timer: NodeJS.Timeout;
}

/** Script-registered functions (NOTIFY_ON_SERVER_ORIGINATED_RPC) and calls in flight to them. */
export class RpcRegistry {
  private readonly registrations = new Map<string, Registration>();
  private readonly pending = new Map<string, Pending>();
  private counter = 0;

  has(signature: string): boolean {
    return this.registrations.has(signature);
  }

  owner(signature: string): SimConnection | undefined {
    return this.registrations.get(signature)?.connection;
  }

  /** Registrations with a role's attributes (status-bar components, title providers, context-menu items). */
  withRole(
    role: NonNullable<RPCRegistrationRequest['RoleSpecificAttributes']['case']>,
  ): RPCRegistrationRequest[] {
    return [...this.registrations.values()]
      .map((r) => r.request)
      .filter((r) => r.RoleSpecificAttributes.case === role);
  }

  /** True when a registered status-bar component carries this unique identifier. */
  hasStatusBarComponent(identifier: string): boolean {
    for (const r of this.registrations.values()) {
      const attributes = r.request.RoleSpecificAttributes;
      if (
        attributes.case === 'statusBarComponentAttributes' &&
        attributes.value.uniqueIdentifier === identifier
      )
        return true;
    }
    return false;
  }

  register(signature: string, connection: SimConnection, request: RPCRegistrationRequest): void {
    this.registrations.set(signature, { connection, request });
    connection.rpcSignatures.add(signature);
  }

  unregister(signature: string): void {
    const found = this.registrations.get(signature);
    this.registrations.delete(signature);
    found?.connection.rpcSignatures.delete(signature);
  }

  /**
   * Finds a registration the call satisfies, as iTerm2's it_satisfiesExplicitParameters: every
   * argument without a default given, every default not given resolvable in the caller's scope
   * (a path ending in `?` may be unset and passes null). Returns the full argument list.
   */
  find(
    name: string,
    given: ReadonlyMap<string, JsonValue>,
    resolve: (path: string) => JsonValue | undefined,
  ): { registration: Registration; fullArguments: Map<string, JsonValue> } | undefined {
    for (const registration of this.registrations.values()) {
      const r = registration.request;
      if (r.name !== name) continue;
      const declared = new Set(r.arguments.map((a) => a.name));
      const defaulted = new Set(r.defaults.map((d) => d.name));
      if ([...given.keys()].some((a) => !declared.has(a))) continue;
      if ([...declared].some((a) => !given.has(a) && !defaulted.has(a))) continue;
      const fullArguments = new Map(given);
      let satisfied = true;
      for (const d of r.defaults) {
        if (fullArguments.has(d.name)) continue;
        const optional = d.path.endsWith('?');
        const value = resolve(optional ? d.path.slice(0, -1) : d.path);
        if (value === undefined && !optional) {
          satisfied = false;
          break;
        }
        fullArguments.set(d.name, value ?? null);
      }
      if (satisfied) return { registration, fullArguments };
    }
    return undefined;
  }

  /** Pushes the call to the owning script and waits for its ServerOriginatedRPCResult. */
  call(
    registration: Registration,
    args: { name: string; jsonValue: string }[],
    timeoutSeconds: number,
  ): Promise<{ value: string } | { error: string }> {
    const requestId = `rpc-${this.counter++}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ error: 'Timeout' });
      }, timeoutSeconds * 1000);
      this.pending.set(requestId, { connection: registration.connection, resolve, timer });
      registration.connection.notify((n) => {
        n.serverOriginatedRpcNotification = {
          $typeName: 'iterm2.ServerOriginatedRPCNotification',
          requestId,
          rpc: {
            $typeName: 'iterm2.ServerOriginatedRPC',
            name: registration.request.name,
            arguments: args.map((a) => ({
              $typeName: 'iterm2.ServerOriginatedRPC.RPCArgument',
              name: a.name,
              jsonValue: a.jsonValue,
            })),
          },
        };
      });
    });
  }

  /** A script's answer; unknown or late ids are ignored (the caller still gets an empty ack). */
  settle(requestId: string, result: { value: string } | { error: string }): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  /** A connection went away: its registrations go, and calls waiting on it fail. */
  dropConnection(connection: SimConnection): void {
    for (const [signature, r] of this.registrations)
      if (r.connection === connection) this.registrations.delete(signature);
    for (const [id, p] of this.pending) {
      if (p.connection !== connection) continue;
      this.pending.delete(id);
      clearTimeout(p.timer);
      p.resolve({ error: 'Script terminated during function call' });
    }
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ error: 'Script terminated during function call' });
    }
    this.pending.clear();
    this.registrations.clear();
  }
}
