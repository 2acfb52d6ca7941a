// `Hashing` lives in the Digest target (shared with Importers); Report's users keep reaching it as before.
@_exported import Digest
