package dev.shoal.node.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kubernetes' static token file format, and the lines it refuses. */
class TokenFileTest {
    @Test
    void readsKubernetesLinesWithQuotedGroupsCommentsAndBlankLines() {
        List<TokenFile.Entry> entries = TokenFile.parse("""
                # token,user,uid,groups
                t0k3n-a,alice,u-1,"team-a,auditors"

                t0k3n-b,bob,u-2
                t0k3n-c , carol , , "ops"
                "t0k,en-d",dave,u-4,""
                """);
        assertEquals(4, entries.size());
        check(entries.get(0), "t0k3n-a", "alice", "u-1", List.of("team-a", "auditors", UserInfo.AUTHENTICATED));
        check(entries.get(1), "t0k3n-b", "bob", "u-2", List.of(UserInfo.AUTHENTICATED));
        check(entries.get(2), "t0k3n-c", "carol", "", List.of("ops", UserInfo.AUTHENTICATED));
        check(entries.get(3), "t0k,en-d", "dave", "u-4", List.of(UserInfo.AUTHENTICATED));
    }

    private static void check(TokenFile.Entry e, String token, String user, String uid, List<String> groups) {
        assertEquals(token, e.token());
        assertEquals(user, e.user().name());
        assertEquals(uid, e.user().uid());
        assertEquals(groups, e.user().groups());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tok,alice                          | line 1: expected token,user,uid",
            "',alice,u'                         | line 1: the token is empty",
            "'tok,,u'                           | line 1: the user name is empty",
            "'tok,alice,u,g1,g2'                | line 1: more than 4 fields",
            "'tok,alice,u,\"g1'                 | line 1: a quote is not closed",
            "'tok,alice,u,\"g\"x'               | line 1: text after a closing quote",
    })
    void refusesMalformedLines(String line, String message) {
        TokenFile.ParseException e = assertThrows(TokenFile.ParseException.class, () -> TokenFile.parse(line));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesTheSameTokenTwiceNamingTheSecondLine() {
        var e = assertThrows(TokenFile.ParseException.class, () -> TokenFile.parse("t,a,1\n# c\nt,b,2\n"));
        assertEquals("line 3: the same token appears twice", e.getMessage());
    }

    @Test
    void mintedTokensAreLongRandomAndHashedNotKept() {
        String a = Tokens.mint();
        String b = Tokens.mint();
        assertTrue(a.length() >= 43, a);
        assertTrue(!a.equals(b));
        assertEquals(64, Tokens.hash(a).length());
        assertEquals(Tokens.hash(a), Tokens.hash(a));
        assertTrue(!Tokens.hash(a).contains(a));
    }
}
