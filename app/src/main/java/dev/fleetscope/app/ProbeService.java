package dev.fleetscope.app;

import dev.fleetscope.probe.GpuProbe;
import dev.fleetscope.probe.ProbeException;
import dev.fleetscope.probe.ProbeRun;
import dev.fleetscope.probe.ProbeUnavailableException;
import dev.fleetscope.probe.Progress;
import dev.fleetscope.probe.result.ProbeJson;
import dev.fleetscope.probe.result.ProbeResult;
import dev.fleetscope.probe.workload.Workload;
import dev.fleetscope.probe.workload.WorkloadException;
import dev.fleetscope.probe.workload.WorkloadFiles;
import dev.fleetscope.probe.workload.WorkloadPresets;
import dev.fleetscope.views.probe.ProbeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the GPU probe section from the probe module: the JCuda adapter on this host, the allocator
 * model, result files. Whether this host can measure is found out once, off the FX thread, when the
 * console starts (loading the CUDA driver can take a moment).
 */
final class ProbeService implements ProbeSource {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeService.class);
  private final GpuProbe probe;
  private final CompletableFuture<Optional<String>> unavailable;

  ProbeService(GpuProbe probe, Executor io) {
    this.probe = probe;
    this.unavailable = CompletableFuture.supplyAsync(this::check, io);
  }

  private Optional<String> check() {
    try {
      probe.devices();
      return Optional.empty();
    } catch (ProbeUnavailableException e) {
      LOG.info("GPU probe: {}", e.getMessage());
      return Optional.of(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("GPU probe: the CUDA device could not be described", e);
      return Optional.of("the CUDA device could not be described: " + e.getMessage());
    }
  }

  @Override
  public Optional<String> measurementUnavailable() {
    return unavailable.join();
  }

  @Override
  public Workload workload(String spec) {
    if (spec.isEmpty()) {
      throw new WorkloadException("Workload: give a preset name or a workload file");
    }
    if (WorkloadPresets.isPreset(spec)) {
      return WorkloadPresets.named(spec);
    }
    Path file = Path.of(spec);
    if (!Files.isRegularFile(file)) {
      throw new WorkloadException(spec + ": no such file, and not a preset");
    }
    return WorkloadFiles.read(file);
  }

  @Override
  public ProbeResult run(ProbeRun.Request request, Progress progress) {
    return new ProbeRun(probe, Version.current()).run(request, progress);
  }

  @Override
  public ProbeResult open(Path file) {
    try {
      return ProbeJson.read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ProbeException(file + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
