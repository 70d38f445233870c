using LiaisonPortal.Core.Openness;
using Group = LiaisonPortal.Core.Openness.ComplementarySuppression.Group;

namespace LiaisonPortal.Tests.Open;

/// <summary>Secondary suppression: no hidden cell can be worked out by subtracting shown cells from a shown total.</summary>
public sealed class ComplementarySuppressionTests
{
    [Fact]
    public void ASingleSmallCellTakesTheSmallestOtherCellOfItsGroupWithIt()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 33, ["A"] = 3, ["B"] = 10, ["C"] = 20 },
            [new Group("T", ["A", "B", "C"])]);

        Assert.Equal(["A", "B"], hidden.Order());
    }

    [Fact]
    public void TwoSmallCellsWhoseSumIsUnderFiveAreProtectedByAThird()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 30, ["A"] = 2, ["B"] = 2, ["C"] = 6, ["D"] = 20 },
            [new Group("T", ["A", "B", "C", "D"])]);

        Assert.Equal(["A", "B", "C"], hidden.Order());
    }

    [Fact]
    public void TwoSmallCellsWhoseSumIsFiveOrMoreNeedNothingMore()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 30, ["A"] = 3, ["B"] = 4, ["C"] = 23 },
            [new Group("T", ["A", "B", "C"])]);

        Assert.Equal(["A", "B"], hidden.Order());
    }

    [Fact]
    public void HiddenZerosAloneNeedNoProtection()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 30, ["A"] = 0, ["B"] = 30 },
            [new Group("T", ["A", "B"])]);

        Assert.Equal(["A"], hidden.Order());
    }

    [Fact]
    public void AHiddenZeroDoesNotProtectASmallCell()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 30, ["A"] = 0, ["B"] = 3, ["C"] = 7, ["D"] = 20 },
            [new Group("T", ["A", "B", "C", "D"])]);

        Assert.Equal(["A", "B", "C"], hidden.Order());
    }

    [Fact]
    public void AGroupWithoutSmallCellsIsLeftAlone()
    {
        var hidden = ComplementarySuppression.Hidden(
            new Dictionary<string, int> { ["T"] = 30, ["A"] = 5, ["B"] = 25 },
            [new Group("T", ["A", "B"])]);

        Assert.Empty(hidden);
    }

    [Fact]
    public void AHiddenRegionWhoseStationsAreAlsoListedIsProtectedInBothGroups()
    {
        // District D = streets X + Y; X has station x1, Y has y1 and y2. The page lists streets and every station.
        var values = new Dictionary<string, int> { ["D"] = 30, ["X"] = 4, ["x1"] = 4, ["Y"] = 26, ["y1"] = 10, ["y2"] = 16 };
        List<Group> groups =
        [
            new("D", ["X", "Y"]), new("D", ["x1", "y1", "y2"]),
            new("X", ["x1"]), new("Y", ["y1", "y2"]),
        ];

        var hidden = ComplementarySuppression.Hidden(values, groups);

        // Y goes with X (D − Y would give X) and y1 with x1 (D − y1 − y2 would give x1).
        Assert.Equal(["X", "Y", "x1", "y1"], hidden.Order(StringComparer.Ordinal));
        AssertNothingDerivable(values, groups, hidden);
    }

    [Fact]
    public void ALoneStationUnderAStreetIsProtectedThroughItsStreet()
    {
        var values = new Dictionary<string, int> { ["D"] = 25, ["X"] = 20, ["x1"] = 17, ["x2"] = 3, ["Y"] = 5, ["y1"] = 5 };
        List<Group> groups =
        [
            new("D", ["X", "Y"]), new("D", ["x1", "x2", "y1"]),
            new("X", ["x1", "x2"]), new("Y", ["y1"]),
        ];

        var hidden = ComplementarySuppression.Hidden(values, groups);

        Assert.Contains("x2", hidden);
        AssertNothingDerivable(values, groups, hidden);
    }

    [Fact]
    public void RandomTreesNeverLeaveASingleHiddenCellOrASmallHiddenSumInAShownGroup()
    {
        var random = new Random(20261121);
        for (var run = 0; run < 500; run++)
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            var groups = new List<Group>();
            var districtStations = new List<string>();
            var streets = new List<string>();
            for (var street = 0; street < random.Next(1, 5); street++)
            {
                var streetKey = $"X{street}";
                var stations = Enumerable.Range(0, random.Next(1, 4)).Select(s => $"x{street}.{s}").ToList();
                foreach (var station in stations)
                {
                    values[station] = random.Next(0, 12);
                }

                values[streetKey] = stations.Sum(s => values[s]);
                groups.Add(new Group(streetKey, stations));
                streets.Add(streetKey);
                districtStations.AddRange(stations);
            }

            values["D"] = streets.Sum(s => values[s]);
            groups.Add(new Group("D", streets));
            groups.Add(new Group("D", districtStations));

            AssertNothingDerivable(values, groups, ComplementarySuppression.Hidden(values, groups));
        }
    }

    private static void AssertNothingDerivable(Dictionary<string, int> values, List<Group> groups, IReadOnlySet<string> hidden)
    {
        Assert.All(values.Where(v => v.Value < Disclosure.Threshold), v => Assert.Contains(v.Key, hidden));
        foreach (var group in groups.Where(g => !hidden.Contains(g.Parent)))
        {
            var hiddenMembers = group.Members.Where(hidden.Contains).Where(m => values[m] > 0 || group.Members.Any(o => hidden.Contains(o) && values[o] > 0)).ToList();
            Assert.True(hiddenMembers.Count != 1, $"{group.Parent}: a single hidden member {string.Join(",", hiddenMembers)} could be derived");
            Assert.True(hiddenMembers.Count == 0 || hiddenMembers.Sum(m => values[m]) >= Disclosure.Threshold, $"{group.Parent}: the hidden members sum to under five");
        }
    }
}
