package dev.shoal.node.cli;

import picocli.CommandLine.IVersionProvider;

/** This client's version: the build's {@link dev.shoal.node.ShoalVersion}. */
final class ClientVersion implements IVersionProvider {
    static String value() {
        return "v" + dev.shoal.node.ShoalVersion.VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"shoal " + value()};
    }
}
