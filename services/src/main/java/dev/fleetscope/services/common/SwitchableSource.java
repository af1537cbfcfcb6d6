package dev.fleetscope.services.common;

/**
 * A port whose backing implementation can be replaced (the Connect dialog does this) while its
 * listeners stay subscribed here: a switch forwards the new source's changes and fires once so
 * listeners pull the new state.
 *
 * @param <P> the port type
 */
public abstract class SwitchableSource<P> {
  private final ChangeSignal changes = new ChangeSignal();
  private volatile P delegate;
  private Subscription forwarding = () -> {};

  protected SwitchableSource(P initial) {
    this.delegate = initial;
  }

  /** How to listen to one source of this port. */
  protected abstract Subscription subscribe(P source, Runnable listener);

  /** Replaces the backing source; the caller closes the previous one. */
  public final synchronized void switchTo(P next) {
    forwarding.close();
    delegate = next;
    forwarding = subscribe(next, changes::fire);
    changes.fire();
  }

  protected final P delegate() {
    return delegate;
  }

  public final Subscription onChange(Runnable listener) {
    return changes.subscribe(listener);
  }

  /** For leak checks: how many listeners are still subscribed. */
  public final int listenerCount() {
    return changes.listenerCount();
  }
}
