namespace FaultLab.Tests.Support;

/// <summary>The JUnit XML schema CI servers read, kept beside the grading tests.</summary>
public static class JUnitSchema
{
    public static string Path()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "FaultLab.Tests", "Grading", "junit.xsd");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("junit.xsd was not found above the test directory");
    }
}
