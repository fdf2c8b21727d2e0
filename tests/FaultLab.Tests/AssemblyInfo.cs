// Fixtures run side by side: every node binds port 0 and every instance owns its state, so they do not collide.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
