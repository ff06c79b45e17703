export interface ApiKeyRecord {
  keyId: string;
  account: string;
  createdAt: string;
  revoked: boolean;
}

/** The port to the stored keys; only SHA-256 hashes of keys are ever stored. */
export interface KeyRepository {
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  create(hash: string, record: ApiKeyRecord): Promise<void>;
  revoke(keyIdOrHash: string): Promise<ApiKeyRecord | null>;
  list(): Promise<ApiKeyRecord[]>;
}
