package dev.shoal.api.patch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.api.ApiException;
import dev.shoal.api.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.shoal.api.patch.PatchesTest.j;
import static dev.shoal.api.patch.PatchesTest.o;
import static org.junit.jupiter.api.Assertions.*;

/** Patches as kubectl apply/patch/edit produce them (single quotes stand for double quotes). */
class StrategicMergeTest {
    private static final String DEPLOY = "{'metadata':{'name':'web','finalizers':['a','b']},'spec':{'replicas':3,"
            + "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}},"
            + "'template':{'spec':{'tolerations':[{'key':'t1'},{'key':'t2'}],'containers':["
            + "{'name':'web','image':'nginx:1','ports':[{'containerPort':80,'name':'http'}],'env':[{'name':'A','value':'1'}]},"
            + "{'name':'sidecar','image':'envoy'}]}}},"
            + "'status':{'conditions':[{'type':'Available','status':'True'},{'type':'Progressing','status':'True'}]}}";
    private static final String SVC = "{'spec':{'selector':{'app':'web','tier':'fe'},'ports':[{'name':'http','port':80,'targetPort':8080},{'name':'https','port':443}]}}";
    private static final String POD = "{'metadata':{'ownerReferences':[{'uid':'u1','name':'rs1'},{'uid':'u2','name':'rs2'}]},"
            + "'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y'},{'name':'c','image':'z'}]}}";

    /** Applies the patch to the base and compares the JSON pointer's value with the expected JSON. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "apply changes one image | DEPLOYMENT | {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],'containers':[{'image':'nginx:2','name':'web'}]}}}}"
                    + " | /spec/template/spec/containers | [{'name':'web','image':'nginx:2','ports':[{'containerPort':80,'name':'http'}],'env':[{'name':'A','value':'1'}]},{'name':'sidecar','image':'envoy'}]",
            "apply deletes a container | DEPLOYMENT | {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'}],'containers':[{'$patch':'delete','name':'sidecar'}]}}}}"
                    + " | /spec/template/spec/containers/1 | null",
            "apply adds env in nested list | DEPLOYMENT | {'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],'containers':[{'$setElementOrder/env':[{'name':'B'},{'name':'A'}],'env':[{'name':'B','value':'2'}],'name':'web'}]}}}}"
                    + " | /spec/template/spec/containers/0/env | [{'name':'B','value':'2'},{'name':'A','value':'1'}]",
            // patch elements come in the patch's order, as Kubernetes' normalizeElementOrder does
            "container ports merge by containerPort | DEPLOYMENT | {'spec':{'template':{'spec':{'containers':[{'name':'web','ports':[{'containerPort':8080,'name':'alt'},{'containerPort':80,'protocol':'TCP'}]}]}}}}"
                    + " | /spec/template/spec/containers/0/ports | [{'containerPort':8080,'name':'alt'},{'containerPort':80,'name':'http','protocol':'TCP'}]",
            "null deletes a field | DEPLOYMENT | {'spec':{'replicas':null}} | /spec | {'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}},'template':{'spec':{'tolerations':[{'key':'t1'},{'key':'t2'}],'containers':[{'name':'web','image':'nginx:1','ports':[{'containerPort':80,'name':'http'}],'env':[{'name':'A','value':'1'}]},{'name':'sidecar','image':'envoy'}]}}}",
            "retainKeys drops rollingUpdate on switch to Recreate | DEPLOYMENT | {'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':null,'type':'Recreate'}}} | /spec/strategy | {'type':'Recreate'}",
            "deleteFromPrimitiveList | DEPLOYMENT | {'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}} | /metadata/finalizers | ['b']",
            "finalizers merge as a set | DEPLOYMENT | {'metadata':{'finalizers':['c','a']}} | /metadata/finalizers | ['c','a','b']",
            "tolerations are atomic | DEPLOYMENT | {'spec':{'template':{'spec':{'tolerations':[{'key':'t3'}]}}}} | /spec/template/spec/tolerations | [{'key':'t3'}]",
            "conditions merge by type | DEPLOYMENT | {'status':{'conditions':[{'type':'Progressing','status':'False','reason':'Stuck'}]}} | /status/conditions | [{'type':'Available','status':'True'},{'type':'Progressing','status':'False','reason':'Stuck'}]",
            "service ports merge by port | SERVICE | {'spec':{'$setElementOrder/ports':[{'port':80},{'port':443}],'ports':[{'port':443,'targetPort':8443}]}} | /spec/ports | [{'name':'http','port':80,'targetPort':8080},{'name':'https','port':443,'targetPort':8443}]",
            "map $patch replace | SERVICE | {'spec':{'selector':{'$patch':'replace','app':'api'}}} | /spec/selector | {'app':'api'}",
            "map $patch delete | SERVICE | {'spec':{'selector':{'$patch':'delete'}}} | /spec/selector | {}",
            "map $patch merge is the default | SERVICE | {'spec':{'selector':{'$patch':'merge','app':'api'}}} | /spec/selector | {'app':'api','tier':'fe'}",
            "list $patch replace | POD | {'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'q','x':null}]}} | /spec/containers | [{'name':'only','image':'q'}]",
            "setElementOrder alone reorders | POD | {'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}} | /spec/containers | [{'name':'c','image':'z'},{'name':'a','image':'x'},{'name':'b','image':'y'}]",
            "server-only elements interleave by server order | POD | {'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'}]}} | /spec/containers | [{'name':'b','image':'y'},{'name':'c','image':'z'},{'name':'a','image':'x'}]",
            "patch without order keeps server order | POD | {'spec':{'containers':[{'name':'b','image':'y2'}]}} | /spec/containers | [{'name':'a','image':'x'},{'name':'b','image':'y2'},{'name':'c','image':'z'}]",
            "without an order, a new element goes first (as in Kubernetes), nulls dropped | POD | {'spec':{'containers':[{'name':'d','image':'w','args':null}]}} | /spec/containers/0 | {'name':'d','image':'w'}",
            "ownerReferences merge by uid | POD | {'metadata':{'ownerReferences':[{'uid':'u2','controller':true}]}} | /metadata/ownerReferences | [{'uid':'u1','name':'rs1'},{'uid':'u2','name':'rs2','controller':true}]",
            "unknown list is atomic | POD | {'spec':{'containers':[{'name':'a','args':['x']}]}} | /spec/containers/0 | {'name':'a','image':'x','args':['x']}",
            "new nested map is cleaned | POD | {'spec':{'nodeSelector':{'disk':'ssd','gone':null}}} | /spec/nodeSelector | {'disk':'ssd'}",
    })
    void patch(String name, ResourceType type, String patch, String pointer, String expected) {
        ObjectNode target = o(type == ResourceType.DEPLOYMENT ? DEPLOY : type == ResourceType.SERVICE ? SVC : POD);
        ObjectNode before = target.deepCopy();
        ObjectNode result = Patches.strategicMergePatch(type, target, j(patch));
        var actual = result.at(pointer);
        assertEquals(j(expected), actual.isMissingNode() ? j("null") : actual);
        assertEquals(before, target, "input untouched");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing merge key    | {'spec':{'containers':[{'image':'x'}]}}        | does not contain declared merge key: name",
            "unknown $patch       | {'spec':{'$patch':'explode'}}                 | unknown patch type: \"explode\"",
            "unknown directive    | {'spec':{'$frob':1}}                          | unknown directive \"$frob\"",
            "not an object        | [1]                                           | a strategic merge patch must be an object",
            "merge list of scalars | {'spec':{'containers':['a']}}                | must hold objects",
    })
    void errors(String name, String patch, String message) {
        ApiException e = assertThrows(ApiException.class, () -> Patches.strategicMergePatch(ResourceType.POD, o(POD), j(patch)));
        assertEquals(400, e.code());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void kubectlApplyOfWholeDeploymentIsIdempotent() {
        String patch = "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},"
                + "'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'sidecar'}],"
                + "'containers':[{'$setElementOrder/ports':[{'containerPort':80}],'name':'web','ports':[{'containerPort':80,'name':'http'}]}]}}}}";
        ObjectNode once = Patches.strategicMergePatch(ResourceType.DEPLOYMENT, o(DEPLOY), j(patch));
        ObjectNode twice = Patches.strategicMergePatch(ResourceType.DEPLOYMENT, once, j(patch));
        assertEquals(once, twice);
        assertEquals("{}", once.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asText());
        assertEquals(2, once.at("/spec/template/spec/containers").size());
    }
}
