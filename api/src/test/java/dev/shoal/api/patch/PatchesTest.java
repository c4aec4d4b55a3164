package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.Json;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class PatchesTest {
    /** JSON with single quotes, for readable tables. */
    static JsonNode j(String s) {
        try {
            return Json.JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode o(String s) { return (ObjectNode) j(s); }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', value = {
            // RFC 7386 appendix A, as objects
            "{'a':'b'}                 | {'a':'c'}             | {'a':'c'}",
            "{'a':'b'}                 | {'b':'c'}             | {'a':'b','b':'c'}",
            "{'a':'b'}                 | {'a':null}            | {}",
            "{'a':'b','b':'c'}         | {'a':null}            | {'b':'c'}",
            "{'a':['b']}               | {'a':'c'}             | {'a':'c'}",
            "{'a':'c'}                 | {'a':['b']}           | {'a':['b']}",
            "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}         | {'a':[1]}             | {'a':[1]}",
            "{'e':null}                | {'a':1}               | {'e':null,'a':1}",
            "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
    })
    void jsonMergePatch(String target, String patch, String expected) {
        ObjectNode t = o(target);
        ObjectNode before = t.deepCopy();
        assertEquals(j(expected), Patches.jsonMergePatch(t, j(patch)));
        assertEquals(before, t, "input untouched");
    }

    @Test
    void mergePatchMustBeAnObject() {
        assertEquals(400, assertThrows(ApiException.class, () -> Patches.jsonMergePatch(o("{}"), j("[1]"))).code());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{'a':{'b':[1,2]}} | [{'op':'add','path':'/a/c','value':3}]                 | {'a':{'b':[1,2],'c':3}}",
            "{'a':{'b':[1,2]}} | [{'op':'add','path':'/a/b/1','value':9}]               | {'a':{'b':[1,9,2]}}",
            "{'a':{'b':[1,2]}} | [{'op':'add','path':'/a/b/-','value':9}]               | {'a':{'b':[1,2,9]}}",
            "{'a':{'b':[1,2]}} | [{'op':'remove','path':'/a/b/0'}]                      | {'a':{'b':[2]}}",
            "{'a':{'b':[1,2]}} | [{'op':'replace','path':'/a/b','value':'x'}]           | {'a':{'b':'x'}}",
            "{'a':{'b':[1,2]}} | [{'op':'move','from':'/a/b','path':'/c'}]              | {'a':{},'c':[1,2]}",
            "{'a':{'b':[1,2]}} | [{'op':'copy','from':'/a/b/1','path':'/a/b/0'}]        | {'a':{'b':[2,1,2]}}",
            "{'a':{'b':[1,2]}} | [{'op':'test','path':'/a/b/0','value':1.0},{'op':'remove','path':'/a'}] | {}",
            "{'a/b':{'m~n':1}} | [{'op':'replace','path':'/a~1b/m~0n','value':2}]       | {'a/b':{'m~n':2}}",
            "{'a':1}           | [{'op':'replace','path':'','value':{'z':0}}]           | {'z':0}",
            "{'metadata':{'labels':{'app':'web'}}} | [{'op':'add','path':'/metadata/labels/tier','value':'fe'}] | {'metadata':{'labels':{'app':'web','tier':'fe'}}}",
    })
    void jsonPatch(String target, String ops, String expected) {
        ObjectNode t = o(target);
        ObjectNode before = t.deepCopy();
        assertEquals(j(expected), Patches.jsonPatch(t, j(ops)));
        assertEquals(before, t, "input untouched");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "[{'op':'remove','path':'/x'}]                                | 422 | json patch operation 0 (remove /x) failed: path not found",
            "[{'op':'add','path':'/a','value':1},{'op':'test','path':'/a','value':2}] | 422 | json patch operation 1 (test /a) failed: test failed",
            "[{'op':'add','path':'/l/5','value':1}]                       | 422 | json patch operation 0 (add /l/5) failed: list index 5 out of bounds",
            "[{'op':'add','path':'/l/01','value':1}]                      | 422 | json patch operation 0 (add /l/01) failed: invalid list index",
            "[{'op':'move','from':'/l','path':'/l/0'}]                    | 422 | json patch operation 0 (move /l/0) failed: cannot move a value into itself",
            "[{'op':'replace','path':'','value':[1]}]                     | 422 | json patch operation 0 (replace ) failed: the patched document must be an object",
            "[{'op':'frobnicate','path':'/a'}]                            | 400 | invalid JSON patch: operation 0: unsupported op \"frobnicate\"",
            "[{'op':'add','path':'/a'}]                                   | 400 | invalid JSON patch: operation 0: missing value",
            "[{'op':'add','value':1}]                                     | 400 | invalid JSON patch: operation 0: missing path",
            "[{'op':'add','path':'a','value':1}]                          | 400 | invalid JSON patch: operation 0: path \"a\" must start with '/'",
            "{'op':'add'}                                                 | 400 | invalid JSON patch: a JSON patch must be a list of operations",
    })
    void jsonPatchErrors(String ops, int code, String message) {
        ApiException e = assertThrows(ApiException.class, () -> Patches.jsonPatch(o("{'l':[1]}"), j(ops)));
        assertEquals(code, e.code());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
