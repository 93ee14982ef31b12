import { SwitchboardError, toSwitchboardError } from '../errors';
import type { Caller } from '../identity';
import type { Api, Transport } from '../transport';

/**
 * An in-memory transport bound to an Api with a fixed caller. Payloads go through JSON both ways, as
 * on a real wire, so anything that would not survive serialisation fails here too.
 */
export function createLinkedTransport(api: Api, caller: Caller): Transport {
  const roundTrip = (value: unknown): unknown =>
    value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  return {
    async invoke(name, input) {
      try {
        return roundTrip(await api.invoke(caller, name, roundTrip(input)));
      } catch (error) {
        throw SwitchboardError.fromShape(
          roundTrip(toSwitchboardError(error).toShape()) as ReturnType<SwitchboardError['toShape']>,
        );
      }
    },
    subscribe(listener) {
      return api.subscribe((event) => listener(roundTrip(event) as typeof event), caller);
    },
  };
}
