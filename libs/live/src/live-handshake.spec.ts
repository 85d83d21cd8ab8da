import { expiryOf, HandshakeRefused, readHandshake } from './live-handshake';

describe('live handshake', () => {
  it('reads the token and an optional lastEventId, as a number or digits', () => {
    expect(readHandshake({ token: 't' })).toEqual({ token: 't', lastEventId: null });
    expect(readHandshake({ token: 't', lastEventId: 42 })).toEqual({ token: 't', lastEventId: 42 });
    expect(readHandshake({ token: 't', lastEventId: '42' })).toEqual({ token: 't', lastEventId: 42 });
    expect(readHandshake({ token: 't', lastEventId: 0 })).toEqual({ token: 't', lastEventId: 0 });
  });

  it('refuses a missing token and a lastEventId that is not a non-negative integer', () => {
    for (const auth of [undefined, {}, { token: '' }, { token: 7 }])
      expect(() => readHandshake(auth)).toThrow(
        new HandshakeRefused('missing access token: connect with auth: { token }'),
      );
    for (const lastEventId of [-1, 1.5, 'abc', '1e3', {}, Number.MAX_SAFE_INTEGER + 1])
      expect(() => readHandshake({ token: 't', lastEventId })).toThrow(
        'lastEventId must be a non-negative integer',
      );
  });

  it('reads when a token expires from its exp claim', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(expiryOf(`${part({ alg: 'HS256' })}.${part({ sub: 'u', exp: 1_800_000_000 })}.sig`)).toBe(
      1_800_000_000_000,
    );
    expect(expiryOf(`${part({ alg: 'HS256' })}.${part({ sub: 'u' })}.sig`)).toBeNull();
  });
});
