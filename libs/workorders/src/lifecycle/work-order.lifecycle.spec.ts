import { InvalidTransition, isOpen, nextStatus, type Step } from './work-order.lifecycle';

describe('work-order lifecycle', () => {
  it('walks the whole way from creation to closure', () => {
    const steps: Step[] = ['assign', 'accept', 'en_route', 'on_site', 'resolve', 'feedback', 'close'];
    let status = nextStatus('created', steps[0]);
    for (const step of steps.slice(1)) status = nextStatus(status, step);
    expect(status).toBe('closed');
  });

  it('refuses a step out of order, saying from where it is allowed', () => {
    expect(() => nextStatus('assigned', 'on_site')).toThrow(new InvalidTransition('on_site', 'assigned'));
    expect(() => nextStatus('assigned', 'on_site')).toThrow(
      'cannot on site a work order that is assigned (only from: en_route)',
    );
    expect(() => nextStatus('closed', 'cancel')).toThrow(InvalidTransition);
    expect(() => nextStatus('created', 'close')).toThrow(InvalidTransition);
  });

  it('allows a hand-over until the crew is on its way, not after', () => {
    expect(nextStatus('accepted', 'assign')).toBe('assigned');
    expect(() => nextStatus('en_route', 'assign')).toThrow(InvalidTransition);
  });

  it('cancels from every open status and reopens from the end of the loop', () => {
    for (const s of [
      'created',
      'assigned',
      'accepted',
      'en_route',
      'on_site',
      'resolved',
      'feedback_given',
    ] as const)
      expect(nextStatus(s, 'cancel')).toBe('cancelled');
    expect(nextStatus('closed', 'reopen')).toBe('assigned');
    expect(isOpen('closed')).toBe(false);
    expect(isOpen('cancelled')).toBe(false);
    expect(isOpen('on_site')).toBe(true);
  });
});
