/**
 * The key custodian statement (PCI DSS 3.6.1.4): what an administrator accepts, signed with their
 * full name, before their first key operation. A new version of the text is signed again.
 */
export const CUSTODIAN_STATEMENT_VERSION = '1.0';

export const CUSTODIAN_STATEMENT = `As a key custodian for Clearance, I understand and accept these responsibilities:

1. The deployment master key protects card numbers and other protected values for the whole organization. It is never shown to anyone, and I will never try to copy, export or record it.
2. I approve a workstation's enrolment only after I have compared the fingerprint shown on that workstation's own screen, group by group, with the fingerprint of the request, and only for a workstation of this organization that needs the key.
3. I refuse any request I did not expect or cannot match, and I retire a workstation as soon as it is lost, replaced or taken out of service, and then rotate the key.
4. I rotate the key when it is due, and at once if I suspect that a workstation, a keychain or the key has been compromised.
5. Where the organization has two or more administrators, every rotation and every enrolment needs a second administrator's confirmation, and I will not confirm an operation I did not check.
6. I report any suspected compromise of the key, a workstation or its keychain to the privacy officer without delay.`;
