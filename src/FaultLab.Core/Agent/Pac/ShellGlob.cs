namespace FaultLab.Agent.Pac;

/// <summary>
/// PAC's shExpMatch: a shell glob where <c>*</c> matches any run of characters (also none) and
/// <c>?</c> exactly one; everything else is literal and case-sensitive, so "." and "+" need no escaping.
/// Matching is linear-time backtracking on the last star, so a hostile pattern cannot stall the agent.
/// </summary>
public static class ShellGlob
{
    public static bool Matches(string text, string pattern)
    {
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                t++;
                p++;
            }
            else if (star >= 0)
            {
                // Let the last star swallow one more character and retry from there.
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
