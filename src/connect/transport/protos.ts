/**
 * The Spark Connect protocol, loaded at run time from the `.proto` files in
 * `proto/` (extracted unchanged from the pinned Spark release jar).
 *
 * The loader options decide how messages look in JavaScript and must match
 * scripts/gen-proto-types.sh, which generates the TypeScript interfaces in
 * src/connect/proto/: camelCase fields, int64 as decimal strings (exact, and
 * accepted back as input), enums as their names, no default values filled in
 * (so absent optional fields stay absent), and a virtual field naming the set
 * member of each oneof (e.g. `responseType: 'arrowBatch'`).
 */
import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

// Two levels up from src/connect/transport or dist/connect/transport is the package root.
export const PROTO_DIR = fileURLToPath(new URL('../../../proto/', import.meta.url));

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

/** How one RPC's messages are written and read, and the HTTP/2 path it is called at. */
export interface MethodCodec {
  readonly path: string;
  serialize(request: object): Buffer;
  deserialize(bytes: Buffer): unknown;
}

let methods: Record<string, MethodCodec> | undefined;

/** The SparkConnectService methods by name (`ExecutePlan`, ...), parsed once per process. */
export function sparkConnectMethods(): Record<string, MethodCodec> {
  if (!methods) {
    const definition = protoLoader.loadSync(['spark/connect/base.proto'], LOADER_OPTIONS);
    const service = definition['spark.connect.SparkConnectService'] as Record<string, protoLoader.MethodDefinition<object, unknown>>;
    methods = {};
    for (const [name, m] of Object.entries(service)) {
      methods[name] = { path: m.path, serialize: m.requestSerialize, deserialize: m.responseDeserialize };
    }
  }
  return methods;
}

let rpcRoot: protobuf.Root | undefined;

/**
 * protobufjs types for google.rpc.Status and its details, to decode the
 * `grpc-status-details-bin` trailer (gRPC hands it over as raw bytes).
 */
export function rpcTypes(): { status: protobuf.Type; errorInfo: protobuf.Type; retryInfo: protobuf.Type } {
  if (!rpcRoot) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : PROTO_DIR + target);
    root.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: false });
    rpcRoot = root;
  }
  return {
    status: rpcRoot.lookupType('google.rpc.Status'),
    errorInfo: rpcRoot.lookupType('google.rpc.ErrorInfo'),
    retryInfo: rpcRoot.lookupType('google.rpc.RetryInfo'),
  };
}
