namespace Facebench.Annotations.Labels;

/// <summary>How a labelled image dataset records its labels.</summary>
public enum LabelLayout
{
    /// <summary>
    /// A CSV file with a header: one column names the image (relative to the dataset folder), every other column is
    /// an attribute label, except the optional landmarks and box columns.
    /// </summary>
    Csv,

    /// <summary>
    /// FairFace's published label files (<c>fairface_label_train.csv</c>, <c>fairface_label_val.csv</c>): columns
    /// <c>file,age,gender,race,service_test</c>, the file relative to the dataset folder (<c>train/1.jpg</c>), age as
    /// bins such as <c>20-29</c> (Kärkkäinen and Joo, "FairFace", WACV 2021).
    /// </summary>
    FairFace,

    /// <summary>
    /// UTKFace: no label file; each name is <c>[age]_[gender]_[race]_[date&amp;time].jpg</c> (the aligned crops add
    /// <c>.chip.jpg</c>), gender 0 = male, 1 = female, race 0–4 = White, Black, Asian, Indian, Others
    /// (Zhang, Song and Qi, "Age progression/regression by conditional adversarial autoencoder", CVPR 2017).
    /// </summary>
    UtkFace,
}
