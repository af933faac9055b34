import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('writes scalars as JSON', () => {
    expect([null, true, 1.5, 'é"'].map(canonicalJson)).toEqual(['null', 'true', '1.5', '"é\\""']);
    expect(canonicalJson([undefined])).toBe('[null]');
  });
});

describe('requestFingerprint', () => {
  const body = { title: 'Dune', authors: ['Frank Herbert'], tags: ['a', 'b'] };

  it('is the SHA-256 of the canonical body, in hex', () => {
    expect(requestFingerprint({ b: 2, a: 1 })).toBe(
      // printf '{"a":1,"b":2}' | sha256sum
      '43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777',
    );
  });

  it('is the same for the same document in another key order', () => {
    expect(requestFingerprint({ tags: ['a', 'b'], authors: ['Frank Herbert'], title: 'Dune' })).toBe(
      requestFingerprint(body),
    );
  });

  it('differs for any other document', () => {
    const fingerprint = requestFingerprint(body);
    expect(requestFingerprint({ ...body, title: 'Dune ' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...body, tags: ['b', 'a'] })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...body, pageCount: 1 })).not.toBe(fingerprint);
    expect(requestFingerprint(undefined)).not.toBe(requestFingerprint({}));
  });
});
