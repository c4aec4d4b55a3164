package dev.shoal.node.cli;

import picocli.CommandLine.IVersionProvider;

/** This client's version: the jar's Implementation-Version, or "dev" when run from classes. */
final class ClientVersion implements IVersionProvider {
    static String value() {
        String v = ClientVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : "v" + v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"shoal " + value()};
    }
}
