package io.jnet.plugin.portmap;

import io.jnet.firewall.Family;
import io.jnet.firewall.FirewallBackend;
import io.jnet.firewall.ForwardFiltering;
import io.jnet.firewall.Masquerading;
import io.jnet.firewall.PortForwarding;

/** A backend that is not usable here: unit tests hand it in so nothing reaches the real host's firewall. */
final class AbsentBackend implements FirewallBackend {
    private final String name;

    AbsentBackend(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unavailableReason(Family family) {
        return name + " is not available in unit tests";
    }

    @Override
    public Masquerading masquerading() {
        throw new AssertionError("a unit test reached the " + name + " backend");
    }

    @Override
    public PortForwarding portForwarding() {
        throw new AssertionError("a unit test reached the " + name + " backend");
    }

    @Override
    public ForwardFiltering forwardFiltering() {
        throw new AssertionError("a unit test reached the " + name + " backend");
    }
}
