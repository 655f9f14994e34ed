/** The deployment key hierarchy (PCI DSS 3.6/3.7): pure functions and the KeyRing. No database, no Electron. */
export { hkdfSha256 } from './hkdf.js';
export { isKeyVersion, masterKey, newMasterKey, parseKeyVersion, MASTER_KEY_BYTES, type MasterKey } from './masterKey.js';
export {
  derivePurposeKey,
  isKeyPurpose,
  isSealPurpose,
  purposeKey,
  KEY_PURPOSES,
  PURPOSE_INFO,
  SEAL_PURPOSES,
  type KeyPurpose,
  type PurposeKey,
  type SealPurpose,
} from './purposes.js';
export { SealedSecretRejectedError, SealedValueRejectedError, UnknownKeyVersionError, WrappedKeyRejectedError } from './keyErrors.js';
export { isSealedValue, openValue, sealedValueVersion, sealValue, SEALED_VALUE_FORMAT } from './sealedValue.js';
export { isLookupDomain, lookupHash, lookupHashVersion, normalizeLookupValue, LOOKUP_DOMAINS, type LookupDomain } from './lookupHash.js';
export { checkpointKeyPair, ed25519KeyPairFromSeed, verifyCheckpointSignature, type CheckpointKeyPair } from './checkpointKeys.js';
export {
  enrolmentFingerprint,
  generateWorkstationKeyPair,
  unwrapMasterKey,
  workstationPublicKey,
  wrapMasterKey,
  wrappedKeyVersion,
  ENROLMENT_WRAP_INFO,
  WRAPPED_KEY_FORMAT,
  type WorkstationKeyPair,
} from './enrolment.js';
export { aesKeySealer, keyFileSealer, unavailableSealer, KEY_SEAL_ENV, type SecretSealer } from './sealer.js';
export { KeyRing, type SealedMasterKey } from './keyRing.js';
export { folderKeyStore, memoryKeyStore, sealedKeyCustody, type HeldMasterKeys, type KeyCustody, type KeyStore } from './custody.js';
export { keyCheckValue, matchesKeyCheck, KEY_CHECK_INFO } from './keyCheck.js';
export { CARD_NUMBER_COLUMN, SEALED_COLUMNS, sealedContext, type SealedColumn } from './sealedColumns.js';
export { KeyService, NO_MASTER_KEY_REASON, NOT_HELD_REASON, type KeyServiceOptions, type KeyStatus } from './keyService.js';
