namespace Rollouts.Engine;

/// <summary>Marks the Engine assembly, for tests that inspect what it references.</summary>
public static class EngineAssembly;
