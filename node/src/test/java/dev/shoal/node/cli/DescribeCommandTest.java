package dev.shoal.node.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DescribeCommandTest {
    private static final String EVENTS = "/api/v1/namespaces/default/events";
    private final FakeApi api = new FakeApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void deploymentWithEvents() {
        api.on("GET /apis/apps/v1/namespaces/default/deployments/web", 200, """
                {"metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-01T11:56:48Z",
                  "labels":{"app":"web","tier":"front"},"annotations":{"shoal.dev/leader":"node-2"}},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
                    {"name":"web","image":"nginx:1.25","ports":[{"containerPort":80,"hostPort":8080}],"env":[{"name":"MODE","value":"prod"}]}]}}},
                 "status":{"replicas":3,"updatedReplicas":3,"availableReplicas":2,"unavailableReplicas":1,
                  "conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"}]}}
                """)
                .on("GET " + EVENTS + "?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault", 200, """
                {"items":[
                  {"type":"Normal","reason":"ScalingReplicaSet","message":"Scaled up replica set web-7d9f to 3","count":4,
                   "source":{"component":"deployment-controller"},"firstTimestamp":"2024-05-01T11:50:00Z","lastTimestamp":"2024-05-01T11:59:15Z"},
                  {"type":"Normal","reason":"LeaderElected","message":"node-2 leads web at epoch 7",
                   "source":{"component":"shoal-leases"},"firstTimestamp":"2024-05-01T11:57:00Z","lastTimestamp":"2024-05-01T11:57:00Z"}]}
                """);

        Cli.Result r = Cli.run(api.address(), "describe", "deploy", "web");

        assertEquals(new Cli.Result(0, """
                Name:                   web
                Namespace:              default
                Labels:                 app=web
                                        tier=front
                Annotations:            shoal.dev/leader: node-2
                CreationTimestamp:      Wed, 01 May 2024 11:56:48 +0000
                Selector:               app=web
                Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable
                StrategyType:           RollingUpdate
                MinReadySeconds:        0
                RollingUpdateStrategy:  25% max unavailable, 25% max surge
                Pod Template:
                  Labels:  app=web
                  Containers:
                    web:
                      Image:      nginx:1.25
                      Port:       80/TCP
                      Host Port:  8080/TCP
                      Environment:
                        MODE:  prod
                Conditions:
                  Type       Status  Reason
                  ----       ------  ------
                  Available  False   MinimumReplicasUnavailable
                Events:
                  Type    Reason             Age                From                   Message
                  ----    ------             ----               ----                   -------
                  Normal  LeaderElected      3m                 shoal-leases           node-2 leads web at epoch 7
                  Normal  ScalingReplicaSet  45s (x4 over 10m)  deployment-controller  Scaled up replica set web-7d9f to 3
                """, ""), r);
    }

    @Test
    void serviceShowsEndpointsOfReadySelectedPodsAndToleratesMissingEvents() {
        api.on("GET /api/v1/namespaces/default/services/web", 200, """
                {"metadata":{"name":"web","namespace":"default","creationTimestamp":"2024-05-01T11:00:00Z"},
                 "spec":{"selector":{"app":"web"},"clusterIP":"127.0.10.1","ports":[{"name":"http","port":80,"targetPort":"http"}]}}
                """)
                .on("GET /api/v1/namespaces/default/pods?labelSelector=app%3Dweb", 200, """
                {"items":[
                  {"metadata":{"name":"a"},"spec":{"containers":[{"ports":[{"name":"http","containerPort":8080}]}]},
                   "status":{"podIP":"127.0.0.7","conditions":[{"type":"Ready","status":"True"}]}},
                  {"metadata":{"name":"b"},"spec":{"containers":[{"ports":[{"name":"http","containerPort":8080}]}]},
                   "status":{"podIP":"127.0.0.8","conditions":[{"type":"Ready","status":"False"}]}}]}
                """);

        Cli.Result r = Cli.run(api.address(), "describe", "svc/web");

        assertEquals(new Cli.Result(0, """
                Name:               web
                Namespace:          default
                Labels:             <none>
                Annotations:        <none>
                CreationTimestamp:  Wed, 01 May 2024 11:00:00 +0000
                Selector:           app=web
                Type:               ClusterIP
                IP:                 127.0.10.1
                Port:               http  80/TCP
                TargetPort:         http/TCP
                Endpoints:          127.0.0.7:8080
                Events:             <none>
                """, ""), r);
        assertEquals(List.of("GET /api/v1/namespaces/default/services/web",
                "GET /api/v1/namespaces/default/pods?labelSelector=app%3Dweb",
                "GET /api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault"),
                api.targets());
    }

    @Test
    void nodeSearchesEventsAcrossNamespaces() {
        api.on("GET /api/v1/nodes/n1", 200, """
                {"metadata":{"name":"n1","creationTimestamp":"2024-05-01T11:00:00Z"},
                 "status":{"conditions":[{"type":"Ready","status":"True","reason":"AgentReady","message":"agent is posting status",
                   "lastHeartbeatTime":"2024-05-01T11:59:58Z"}],
                  "addresses":[{"type":"InternalIP","address":"127.0.0.2"}],
                  "capacity":{"cpu":"2","memory":"4Gi"},"allocatable":{"cpu":"1800m"},
                  "nodeInfo":{"kernelVersion":"6.1.0","osImage":"Debian 12","containerRuntimeVersion":"docker://24.0.5","kubeletVersion":"v0.1.0"}}}
                """)
                .on("GET /api/v1/events?fieldSelector=involvedObject.kind%3DNode%2CinvolvedObject.name%3Dn1", 200, "{\"items\":[]}");

        Cli.Result r = Cli.run(api.address(), "describe", "no", "n1");

        assertEquals(new Cli.Result(0, """
                Name:               n1
                Labels:             <none>
                Annotations:        <none>
                CreationTimestamp:  Wed, 01 May 2024 11:00:00 +0000
                Unschedulable:      false
                Conditions:
                  Type   Status  LastHeartbeatTime                Reason      Message
                  ----   ------  -----------------                ------      -------
                  Ready  True    Wed, 01 May 2024 11:59:58 +0000  AgentReady  agent is posting status
                Addresses:
                  InternalIP:  127.0.0.2
                Capacity:
                  cpu:     2
                  memory:  4Gi
                Allocatable:
                  cpu:  1800m
                System Info:
                  Kernel Version:             6.1.0
                  OS Image:                   Debian 12
                  Container Runtime Version:  docker://24.0.5
                  Kubelet Version:            v0.1.0
                Events:                       <none>
                """, ""), r);
    }

    @Test
    void aMissingObjectIsExitOne() {
        api.on("GET /api/v1/namespaces/default/pods/x", 404, FakeApi.status(404, "NotFound", "pods \"x\" not found"));
        assertEquals(new Cli.Result(1, "", "error: pods \"x\" not found\n"), Cli.run(api.address(), "describe", "pod", "x"));
    }
}
