package dev.shoal.node.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GlobalFlagsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "get pods                                  | get pods",
            "--server a:1 get pods                     | get --server a:1 pods",
            "--server=a:1,b:2 -n web get po -o wide    | get --server=a:1,b:2 -n web po -o wide",
            "--token t --request-timeout 5s describe deploy x | describe --token t --request-timeout 5s deploy x",
            "get pods --server a:1                     | get pods --server a:1",
            "--server a:1                              | --server a:1",
            "agent --bind 127.0.0.2                    | agent --bind 127.0.0.2",
            // a group's subcommand takes the flags: they are its options, not the group's
            "--server a:1 --token t config view --kubeconfig | config view --server a:1 --token t --kubeconfig",
            "--server a:1 rollout status deploy/web    | rollout status --server a:1 deploy/web",
            "--server a:1 rollout --help               | rollout --server a:1 --help",
            "--certificate-authority ca.crt --insecure-skip-tls-verify get pods | get --certificate-authority ca.crt --insecure-skip-tls-verify pods",
            "--client-certificate c --client-key k get pods | get --client-certificate c --client-key k pods",
    })
    void clientFlagsMoveAfterTheVerb(String in, String expected) {
        assertEquals(expected, String.join(" ", GlobalFlags.reorder(in.trim().split("\\s+"))));
    }
}
