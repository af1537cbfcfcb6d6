package dev.fleetscope.services.ebpf.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetscope.services.ebpf.HostProcessTable;
import dev.fleetscope.services.ebpf.PodAttribution;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attribution end to end: a host laid out in a temporary directory (/proc/PID/cgroup files and a
 * cgroupfs tree whose directory inodes are the cgroup ids) and pods in fabric8's mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class PodAttributionTest {
  KubernetesClient client;

  static final String CID_A = "a".repeat(60) + "1234";
  static final String UID_B = "7c1d9e2f-1111-4222-8333-944455556666";
  static final String CID_B = "b".repeat(64);

  /** Creates a running pod; returns the UID the API server gave it. */
  private String pod(String ns, String name, String container, String cid) {
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withNodeName("gpu-a-01")
            .addNewContainer()
            .withName(container)
            .withImage("vllm/vllm-openai")
            .endContainer()
            .endSpec()
            .build();
    Pod created = client.pods().inNamespace(ns).resource(p).create();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName(container)
            .withContainerID("containerd://" + cid)
            .endContainerStatus()
            .build());
    client.pods().inNamespace(ns).resource(created).updateStatus();
    return created.getMetadata().getUid();
  }

  @Test
  void pidAndCgroupIdLeadToContainerAndPod(@TempDir Path host) throws Exception {
    String uidA = pod("llm", "chat-70b-0", "vllm", CID_A);
    String uidB = pod("batch", "embed-1", "tei", CID_B);
    // systemd cgroup driver (underscores in the pod UID) for one, cgroupfs driver for the other.
    String systemdPath =
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
            + uidA.replace('-', '_')
            + ".slice/cri-containerd-"
            + CID_A
            + ".scope";
    // This one is found by its pod UID alone (a container ID the pod does not list).
    String cgroupfsPath = "/kubepods/besteffort/pod" + uidB + "/" + "c".repeat(64);
    Path proc = host.resolve("proc");
    Files.createDirectories(proc.resolve("4242"));
    Files.writeString(proc.resolve("4242/cgroup"), "0::" + systemdPath + "\n");
    Files.createDirectories(proc.resolve("77"));
    Files.writeString(
        proc.resolve("77/cgroup"), "12:cpu,cpuacct:" + cgroupfsPath + "\n1:name=systemd:/x\n");
    Files.createDirectories(proc.resolve("1"));
    Files.writeString(proc.resolve("1/cgroup"), "0::/init.scope\n");
    Path cg = host.resolve("cgroup");
    Path podDir = cg.resolve(systemdPath.substring(1));
    Files.createDirectories(podDir);
    long inode = ((Number) Files.getAttribute(podDir, "unix:ino")).longValue();

    PodAttribution attribution =
        new PodAttribution(
            new HostProcessTable(proc, cg), new Fabric8PodDirectory(client, "gpu-a-01"));

    PodAttribution.Owner byCgroup = attribution.owner(-1, inode);
    assertThat(byCgroup)
        .isEqualTo(new PodAttribution.Owner("llm", "chat-70b-0", "vllm", systemdPath));
    PodAttribution.Owner byPid = attribution.owner(4242, 0);
    assertThat(byPid.pod()).isEqualTo("chat-70b-0");
    PodAttribution.Owner v1 = attribution.owner(77, 0);
    assertThat(v1).isEqualTo(new PodAttribution.Owner("batch", "embed-1", "", cgroupfsPath));
    PodAttribution.Owner hostProcess = attribution.owner(1, 0);
    assertThat(hostProcess.inPod()).isFalse();
    assertThat(hostProcess.cgroupPath()).isEqualTo("/init.scope");
    assertThat(attribution.owner(99999, 0)).isEqualTo(PodAttribution.Owner.UNKNOWN);
  }

  @Test
  void pathsOfEveryRuntimeAreRead() {
    assertThat(PodAttribution.containerId("/system.slice/docker-" + CID_B + ".scope"))
        .contains(CID_B);
    assertThat(PodAttribution.containerId("/kubepods.slice/x/crio-" + CID_B + ".scope"))
        .contains(CID_B);
    assertThat(PodAttribution.containerId("/user.slice/session-3.scope")).isEmpty();
    assertThat(PodAttribution.podUid("/kubepods/pod" + UID_B + "/" + CID_B)).contains(UID_B);
    assertThat(PodAttribution.bareContainerId("cri-o://" + CID_B)).isEqualTo(CID_B);
  }
}
